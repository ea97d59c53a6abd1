import { z } from 'zod';
import { viewOf } from '../agent/deterministic/evaluateVerdictRules';
import { checkCallId } from '../agent/deterministic/renderChecks';
import { toolCallRecordSchema, type ToolCallRecord } from '../agent/toolCallRecord';
import { hypothesisVerdictSchema } from '../agent/verdict';
import { IncidentSchema } from '../incident';
import { evaluateExpression, renderTemplate } from '../plans/templating';
import { remediationStatusSchema } from '../report/remediationOutcome';
import { toolResultSchema } from '../tools/tool';
import { hypothesisOf } from './deterministicHypothesis';
import { investigationContextSchema } from './investigationSchemas';
import { incidentForPrompt } from './prepareInvestigation';

/** Input of `renderRemediation`: the arguments of an action and of its verification check, templated from the evidence. */
const renderRemediationInputSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string(),
  remediationId: z.string(),
  incident: IncidentSchema,
  context: investigationContextSchema,
  verdict: hypothesisVerdictSchema,
  toolCalls: z.array(toolCallRecordSchema),
});

const renderRemediationOutputSchema = z.union([
  z.object({ schemaVersion: z.literal(1), ok: z.literal(true), arguments: z.record(z.string(), z.unknown()), verifyArguments: z.record(z.string(), z.unknown()).optional() }),
  z.object({ schemaVersion: z.literal(1), ok: z.literal(false), error: z.string() }),
]);

/** Input of `checkMitigation`: the verification check's record and the expression that says the symptom cleared. */
const checkMitigationInputSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string(),
  remediationId: z.string(),
  context: investigationContextSchema,
  incident: IncidentSchema,
  record: toolCallRecordSchema,
});

const checkMitigationOutputSchema = z.object({ schemaVersion: z.literal(1), cleared: z.boolean().nullable(), summary: z.string() });

type RenderRemediationInput = z.infer<typeof renderRemediationInputSchema>;
type RenderRemediationOutput = z.infer<typeof renderRemediationOutputSchema>;
type CheckMitigationInput = z.infer<typeof checkMitigationInputSchema>;
type CheckMitigationOutput = z.infer<typeof checkMitigationOutputSchema>;

function remediationOf(context: RenderRemediationInput['context'], hypothesisId: string, remediationId: string) {
  const hypothesis = hypothesisOf(context, hypothesisId);
  const action = hypothesis.remediations.find((a) => a.id === remediationId);
  if (!action) throw new Error(`hypothesis ${hypothesisId} has no remediation ${remediationId}`);
  return { hypothesis, action };
}

/**
 * Fills an action's `{{ jsonata }}` arguments (and its verification check's) from the evidence:
 * `{incident, targets, window, verdict, checks}`, `checks.<id>` being that check's result as
 * verdict rules see it. A template that fails is an outcome (`not_rendered`), not a failure.
 */
async function renderRemediation(input: RenderRemediationInput): Promise<RenderRemediationOutput> {
  const { hypothesis, action } = remediationOf(input.context, input.hypothesisId, input.remediationId);
  const byId = new Map(input.toolCalls.map((record) => [record.id, record]));
  const checks: Record<string, unknown> = {};
  for (const check of hypothesis.checks) {
    const record = byId.get(checkCallId(hypothesis.id, check.id));
    if (record) checks[check.id] = viewOf(record.result);
  }
  const scope = { incident: incidentForPrompt(input.incident), ...input.context.checkContext, verdict: { verdict: input.verdict.verdict, confidence: input.verdict.confidence, summary: input.verdict.summary }, checks };
  try {
    const args = (await renderTemplate(action.arguments, scope)) as Record<string, unknown>;
    const check = action.verify ? hypothesis.checks.find((c) => c.id === action.verify!.check) : undefined;
    const verifyArguments = check ? ((await renderTemplate(check.arguments, scope)) as Record<string, unknown>) : undefined;
    return { schemaVersion: 1, ok: true, arguments: args, ...(verifyArguments ? { verifyArguments } : {}) };
  } catch (error) {
    return { schemaVersion: 1, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Evaluates the action's `verify.cleared` over `{check, incident}` after the symptom check ran again. */
async function checkMitigation(input: CheckMitigationInput): Promise<CheckMitigationOutput> {
  const { action } = remediationOf(input.context, input.hypothesisId, input.remediationId);
  const verify = action.verify!;
  const result = toolResultSchema.parse(input.record.result);
  if (result.status === 'error') return { schemaVersion: 1, cleared: null, summary: `the symptom check ${verify.check} failed: ${result.error?.message ?? result.summary}` };
  try {
    const cleared = Boolean(await evaluateExpression(verify.cleared, { check: viewOf(result), incident: incidentForPrompt(input.incident) }));
    return { schemaVersion: 1, cleared, summary: `${cleared ? 'cleared' : 'not cleared'}: ${verify.cleared} on ${result.summary}` };
  } catch (error) {
    return { schemaVersion: 1, cleared: null, summary: `the cleared expression failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The status of an action from the record of its call (and whether it ran at all). */
function remediationStatus(record: ToolCallRecord): z.infer<typeof remediationStatusSchema> {
  const { result } = record;
  if (result.status !== 'error') return 'executed';
  switch (result.error?.code) {
    case 'denied_by_policy':
    case 'blocked_by_hook':
    case 'tool_not_allowed':
      return 'denied';
    case 'approval_rejected':
      return 'rejected';
    case 'approval_timed_out':
      return 'expired';
    case 'action_interrupted':
      return 'interrupted';
    default:
      return 'failed';
  }
}

export {
  renderRemediationInputSchema,
  renderRemediationOutputSchema,
  checkMitigationInputSchema,
  checkMitigationOutputSchema,
  renderRemediation,
  checkMitigation,
  remediationStatus,
};
export type { RenderRemediationInput, RenderRemediationOutput, CheckMitigationInput, CheckMitigationOutput };
