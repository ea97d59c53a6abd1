import { ZERO_USAGE } from '../../llm/tokenUsage';
import type { Hypothesis } from '../../plans/planSchema';
import { evaluateExpression, renderTemplate } from '../../plans/templating';
import type { ToolCallRecord } from '../toolCallRecord';
import type { HypothesisVerdict } from '../verdict';
import { notRun, skippedView, truthy, viewOf, type CheckView } from './checkView';
import { checkCallId } from './renderChecks';

/**
 * Deterministic mode: applies a hypothesis' verdict rules to the results of its checks.
 * Each rule's `when` is JSONata over `{ checks: { <checkId>: CheckView }, incident }`; the first
 * rule that holds decides the verdict, its confidence (number or JSONata) and summary (a
 * `{{ }}` template). No rule ⇒ inconclusive. Failed or missing checks become gaps; a rule that
 * fails to evaluate is skipped and reported as a gap, never guessed. A check named in
 * `skippedChecks` (its `when` did not hold) is `skipped`: not a gap, and no evidence.
 */
async function evaluateVerdictRules(
  hypothesis: Hypothesis,
  records: ReadonlyArray<ToolCallRecord>,
  extraContext: Record<string, unknown> = {},
  skippedChecks: ReadonlyArray<string> = [],
): Promise<HypothesisVerdict> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const checks: Record<string, CheckView> = {};
  const gaps: string[] = [];
  const answered: string[] = [];
  for (const check of hypothesis.checks) {
    const record = byId.get(checkCallId(hypothesis.id, check.id));
    if (!record && skippedChecks.includes(check.id)) {
      checks[check.id] = skippedView();
      continue;
    }
    if (!record) {
      gaps.push(`check ${check.id} (${check.tool}) did not run`);
      checks[check.id] = notRun();
      continue;
    }
    checks[check.id] = viewOf(record.result);
    if (record.result.status === 'error') {
      gaps.push(`check ${check.id} (${check.tool}) failed: ${record.result.error?.message ?? record.result.summary}`);
    } else {
      answered.push(check.id);
    }
  }
  const input = { ...extraContext, checks };
  const base = { schemaVersion: 1 as const, hypothesisId: hypothesis.id, decidedBy: 'rules' as const, usage: { ...ZERO_USAGE, unpricedModels: [] } };

  for (const [index, rule] of hypothesis.verdictRules.entries()) {
    try {
      if (!truthy(await evaluateExpression(rule.when, input))) continue;
      const confidence = typeof rule.confidence === 'number' ? rule.confidence : Number(await evaluateExpression(rule.confidence, input));
      if (!Number.isFinite(confidence)) throw new Error(`confidence expression gave ${String(confidence)}, not a number`);
      const summary = String(await renderTemplate(rule.summary, input));
      const evidenceChecks = rule.evidence ?? answered;
      return {
        ...base,
        verdict: rule.verdict,
        confidence: Math.min(1, Math.max(0, confidence)),
        summary,
        evidence: evidenceChecks.filter((id) => byId.has(checkCallId(hypothesis.id, id))).map((id) => checkCallId(hypothesis.id, id)),
        gaps,
      };
    } catch (error) {
      gaps.push(`verdict rule ${index + 1} could not be evaluated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    ...base,
    verdict: 'inconclusive',
    confidence: 0,
    summary:
      hypothesis.checks.length === 0
        ? 'This hypothesis declares no deterministic checks; without a model it cannot be tested.'
        : 'No verdict rule matched the check results.',
    evidence: [],
    gaps: hypothesis.checks.length === 0 ? [...gaps, 'no deterministic checks declared for this hypothesis'] : gaps,
  };
}

export { evaluateVerdictRules, viewOf };
export type { CheckView };
