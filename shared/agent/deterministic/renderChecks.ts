import type { Hypothesis } from '../../plans/planSchema';
import { evaluateExpression, renderTemplate } from '../../plans/templating';
import type { ToolCallRecord } from '../toolCallRecord';
import { notRun, skippedView, truthy, viewOf, type CheckView } from './checkView';

/** A check ready to run: its record id and the arguments with templates filled in. */
interface RenderedCheck {
  /** `<hypothesisId>:<checkId>`: the ToolCallRecord id and the id verdicts cite. */
  id: string;
  checkId: string;
  tool: string;
  arguments: Record<string, unknown>;
}

/** What earlier stages did: the checks planned (run or skipped), their records, and the skipped ones. */
interface ChecksSoFar {
  settled: ReadonlyArray<string>;
  records: ReadonlyArray<ToolCallRecord>;
  skipped: ReadonlyArray<string>;
}

/** The next stage of a hypothesis' checks. */
interface NextChecks {
  /** Checks to run now, in parallel. */
  checks: RenderedCheck[];
  /** Ids of checks whose `when` did not hold: they do not apply to this incident. */
  skipped: string[];
  /** True when no check is left after these; false when a conditional check waits for them. */
  complete: boolean;
}

/**
 * Plans the next stage of a hypothesis' checks, in their declared order. A check's `when`
 * (JSONata over the template context plus `checks`, the earlier results as verdict rules see
 * them) decides whether it runs or is skipped. A `when` over the incident and targets only is
 * decided at once; one that reads `checks` waits until every check listed before it has settled
 * (run or skipped), so the checks before it run first, together. A `when` that fails
 * to evaluate runs the check: a needless query costs less than missing evidence.
 * `soFar` says which checks earlier stages settled (ran or skipped) and what they returned.
 * Async because JSONata 2 evaluates asynchronously; otherwise pure.
 *
 * @throws TemplateError naming the expression when an argument template fails to evaluate.
 */
async function nextChecks(
  hypothesis: Hypothesis,
  context: Record<string, unknown>,
  soFar: ChecksSoFar = { settled: [], records: [], skipped: [] },
): Promise<NextChecks> {
  const byId = new Map(soFar.records.map((record) => [record.id, record]));
  const earlier: Record<string, CheckView> = {};
  const checks: RenderedCheck[] = [];
  const skipped: string[] = [];
  for (const check of hypothesis.checks) {
    const id = checkCallId(hypothesis.id, check.id);
    if (soFar.settled.includes(check.id)) {
      const record = byId.get(id);
      earlier[check.id] = record ? viewOf(record.result) : soFar.skipped.includes(check.id) ? skippedView() : notRun();
      continue;
    }
    if (check.when !== undefined) {
      if (readsChecks(check.when) && checks.length > 0) return { checks, skipped, complete: false };
      if (!(await applies(check.when, { ...context, checks: earlier }))) {
        skipped.push(check.id);
        earlier[check.id] = skippedView();
        continue;
      }
    }
    checks.push({ id, checkId: check.id, tool: check.tool, arguments: (await renderTemplate(check.arguments, context)) as Record<string, unknown> });
    earlier[check.id] = notRun();
  }
  return { checks, skipped, complete: true };
}

/** True when the expression reads earlier results (`checks.<id>`), so it must wait for them. */
function readsChecks(when: string): boolean {
  return /(^|[^A-Za-z0-9_$.])checks\b/.test(when);
}

async function applies(when: string, input: Record<string, unknown>): Promise<boolean> {
  try {
    return truthy(await evaluateExpression(when, input));
  } catch {
    return true;
  }
}

/** The record id of a check's tool call. */
function checkCallId(hypothesisId: string, checkId: string): string {
  return `${hypothesisId}:${checkId}`;
}

export { nextChecks, checkCallId };
export type { RenderedCheck, NextChecks, ChecksSoFar };
