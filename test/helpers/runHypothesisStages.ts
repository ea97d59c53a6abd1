import { evaluateVerdictRules } from '../../shared/agent/deterministic/evaluateVerdictRules';
import { nextChecks, type RenderedCheck } from '../../shared/agent/deterministic/renderChecks';
import type { ToolCallRecord } from '../../shared/agent/toolCallRecord';
import type { HypothesisVerdict } from '../../shared/agent/verdict';
import type { Hypothesis } from '../../shared/plans/planSchema';
import type { ToolResult } from '../../shared/tools/tool';

/**
 * Runs one hypothesis the way the deterministic engine does, without a host: its checks in
 * stages (a `when` that reads earlier results waits for them), each answered by `answer`, then
 * its verdict rules. Returns the verdict, the tool-call records and the skipped check ids.
 */
async function runHypothesisStages(
  hypothesis: Hypothesis,
  context: Record<string, unknown>,
  answer: (check: RenderedCheck) => ToolResult,
): Promise<{ verdict: HypothesisVerdict; records: ToolCallRecord[]; skipped: string[] }> {
  const records: ToolCallRecord[] = [];
  const settled: string[] = [];
  const skipped: string[] = [];
  for (let complete = false; !complete; ) {
    const stage = await nextChecks(hypothesis, context, { settled, skipped, records });
    for (const check of stage.checks) {
      records.push({ schemaVersion: 1, id: check.id, hypothesisId: hypothesis.id, tool: check.tool, arguments: check.arguments, result: answer(check) });
    }
    settled.push(...stage.checks.map((check) => check.checkId), ...stage.skipped);
    skipped.push(...stage.skipped);
    complete = stage.complete;
  }
  return { verdict: await evaluateVerdictRules(hypothesis, records, context, skipped), records, skipped };
}

export { runHypothesisStages };
