import { ZERO_USAGE } from '../../llm/tokenUsage';
import type { Hypothesis } from '../../plans/planSchema';
import { evaluateExpression, renderTemplate } from '../../plans/templating';
import type { ToolResult } from '../../tools/tool';
import type { ToolCallRecord } from '../toolCallRecord';
import type { HypothesisVerdict } from '../verdict';
import { checkCallId } from './renderChecks';

/** What a verdict rule sees of one check's result. */
interface CheckView {
  status: ToolResult['status'] | 'not_run';
  summary: string;
  invocation: string;
  error: ToolResult['error'] | null;
  /** Rows of the first result table as objects keyed by column name (`[]` for non-table results). */
  rows: Array<Record<string, unknown>>;
  /** Total rows the query returned (before any cap), or `rows.length`. */
  rowCount: number;
  data: unknown;
}

/**
 * Deterministic mode: applies a hypothesis' verdict rules to the results of its checks.
 * Each rule's `when` is JSONata over `{ checks: { <checkId>: CheckView }, incident }`; the first
 * rule that holds decides the verdict, its confidence (number or JSONata) and summary (a
 * `{{ }}` template). No rule ⇒ inconclusive. Failed or missing checks become gaps; a rule that
 * fails to evaluate is skipped and reported as a gap, never guessed.
 */
async function evaluateVerdictRules(
  hypothesis: Hypothesis,
  records: ReadonlyArray<ToolCallRecord>,
  extraContext: Record<string, unknown> = {},
): Promise<HypothesisVerdict> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const checks: Record<string, CheckView> = {};
  const gaps: string[] = [];
  const answered: string[] = [];
  for (const check of hypothesis.checks) {
    const record = byId.get(checkCallId(hypothesis.id, check.id));
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

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.some(truthy);
  return Boolean(value);
}

function notRun(): CheckView {
  return { status: 'not_run', summary: 'not run', invocation: '', error: null, rows: [], rowCount: 0, data: null };
}

/** Reads the tables shape of the KQL tools (`{tables: [{columns, rows}], totalRows}`), else plain data. */
function viewOf(result: ToolResult): CheckView {
  const data = result.data as { tables?: unknown; totalRows?: unknown } | undefined;
  let rows: Array<Record<string, unknown>> = [];
  let rowCount = 0;
  const first = Array.isArray(data?.tables) ? (data.tables[0] as { columns?: unknown; rows?: unknown } | undefined) : undefined;
  if (first && Array.isArray(first.columns) && Array.isArray(first.rows)) {
    const names = (first.columns as Array<{ name?: string }>).map((column, index) => column.name ?? `column${index}`);
    rows = (first.rows as unknown[][]).map((row) => Object.fromEntries(names.map((name, index) => [name, row[index] ?? null])));
    rowCount = typeof data?.totalRows === 'number' ? data.totalRows : rows.length;
  } else if (Array.isArray(result.data)) {
    rows = (result.data as unknown[]).filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object');
    rowCount = rows.length;
  }
  return {
    status: result.status,
    summary: result.summary,
    invocation: result.invocation,
    error: result.error ?? null,
    rows,
    rowCount,
    data: result.data ?? null,
  };
}

export { evaluateVerdictRules, viewOf };
export type { CheckView };
