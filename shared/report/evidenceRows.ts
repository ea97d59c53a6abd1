import type { ToolCallRecord } from '../agent/toolCallRecord';

/** The rows of one successful tool call as objects, with the table its query reads. */
interface EvidenceRows {
  toolCallId: string;
  /** First table of the query (`AzureActivity`, `resourcechanges`...), `''` when there is none. */
  table: string;
  rows: Array<Record<string, unknown>>;
}

/**
 * Rows of a tool call's result: KQL results (`{tables:[{columns,rows}]}`, Log Analytics and App
 * Insights) and object rows (`{rows:[{...}]}`, Resource Graph). Other results and failed calls have none.
 */
function evidenceRows(record: ToolCallRecord): EvidenceRows | undefined {
  const { result } = record;
  if (result.status !== 'success' || result.data === undefined || result.data === null) return undefined;
  const table = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(result.invocation)?.[1] ?? '';
  const data = result.data as { tables?: unknown; rows?: unknown };
  const first = Array.isArray(data.tables) ? (data.tables[0] as { columns?: unknown; rows?: unknown } | undefined) : undefined;
  if (first && Array.isArray(first.columns) && Array.isArray(first.rows)) {
    const names = first.columns.map((column) => String((column as { name?: unknown }).name ?? ''));
    const rows = first.rows.filter(Array.isArray).map((row) => Object.fromEntries(names.map((name, i) => [name, (row as unknown[])[i] ?? null])));
    return { toolCallId: record.id, table, rows };
  }
  if (Array.isArray(data.rows)) {
    const rows = data.rows.filter((row): row is Record<string, unknown> => row !== null && typeof row === 'object' && !Array.isArray(row));
    return { toolCallId: record.id, table, rows };
  }
  return undefined;
}

/** A column's value as trimmed text, `undefined` when absent or empty. */
function textOf(row: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = row[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** A column's value as an ISO time, `undefined` when absent or not a time. */
function timeOf(row: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = row[name];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return new Date(ms).toISOString();
  }
  return undefined;
}

/** A column's value as a number, `undefined` when absent. */
function numberOf(row: Record<string, unknown>, name: string): number | undefined {
  const value = row[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export { evidenceRows, textOf, timeOf, numberOf };
export type { EvidenceRows };
