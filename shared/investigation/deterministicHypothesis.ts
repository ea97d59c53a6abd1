import { evaluateVerdictRules } from '../agent/deterministic/evaluateVerdictRules';
import { nextChecks } from '../agent/deterministic/renderChecks';
import type { HypothesisVerdict } from '../agent/verdict';
import type { Hypothesis } from '../plans/planSchema';
import type { EvaluateVerdictInput, InvestigationContext, PlanChecksInput, PlanChecksOutput } from './investigationSchemas';
import { incidentForPrompt } from './prepareInvestigation';

function hypothesisOf(context: InvestigationContext, hypothesisId: string): Hypothesis {
  const hypothesis = context.plan.hypotheses.find((h) => h.id === hypothesisId);
  if (!hypothesis) throw new Error(`plan ${context.plan.id} has no hypothesis ${hypothesisId}`);
  return hypothesis;
}

/** Renders the next stage of a hypothesis's checks for this incident (templates over incident, targets and window). */
async function planHypothesisChecks(input: PlanChecksInput): Promise<PlanChecksOutput> {
  const hypothesis = hypothesisOf(input.context, input.hypothesisId);
  const next = await nextChecks(hypothesis, { incident: incidentForPrompt(input.incident), ...input.context.checkContext }, { settled: input.settled ?? [], skipped: input.skipped ?? [], records: input.toolCalls ?? [] });
  return { schemaVersion: 1, ...next };
}

/** Applies the hypothesis's verdict rules (JSONata) to the results of its checks. */
async function evaluateHypothesisVerdict(input: EvaluateVerdictInput): Promise<HypothesisVerdict> {
  return evaluateVerdictRules(hypothesisOf(input.context, input.hypothesisId), input.toolCalls, input.context.checkContext, input.skipped ?? []);
}

export { planHypothesisChecks, evaluateHypothesisVerdict, hypothesisOf };
