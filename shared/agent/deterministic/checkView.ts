import type { ToolResult } from '../../tools/tool';

/** What a verdict rule (and a later check's `when`) sees of one check's result. */
interface CheckView {
  /** `skipped`: the check's `when` did not hold, so it did not apply to this incident. */
  status: ToolResult['status'] | 'not_run' | 'skipped';
  summary: string;
  invocation: string;
  error: ToolResult['error'] | null;
  /** Rows of the first result table as objects keyed by column name (`[]` for non-table results). */
  rows: Array<Record<string, unknown>>;
  /** Total rows the query returned (before any cap), or `rows.length`. */
  rowCount: number;
  data: unknown;
}

function notRun(): CheckView {
  return { status: 'not_run', summary: 'not run', invocation: '', error: null, rows: [], rowCount: 0, data: null };
}

function skippedView(): CheckView {
  return { status: 'skipped', summary: 'skipped: its when condition did not hold', invocation: '', error: null, rows: [], rowCount: 0, data: null };
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

/** JSONata truthiness as rules use it: a non-empty array with a truthy item, else `Boolean`. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.some(truthy);
  return Boolean(value);
}

export { notRun, skippedView, viewOf, truthy };
export type { CheckView };
