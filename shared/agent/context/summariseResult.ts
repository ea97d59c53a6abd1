import { z } from 'zod';
import { READ_RESULT_TOOL } from './readResultName';
import { resultFields, resultTables, type ResultTable } from './resultTables';

/** Where a stored tool result lives; present in a summary so pruning and the report can tell it was stored. */
const storedResultRefSchema = z.object({
  callId: z.string().min(1),
  /** Blob path `<container>/<investigationId>/<callId>.json`. */
  path: z.string().min(1),
  /** Size of the result's JSON data, in UTF-8 bytes. */
  bytes: z.number().int().nonnegative(),
});

/** A summary's mark: any `data` with a valid `storedResult` field was replaced by a summary. */
const storedSummaryMarkSchema = z.object({ storedResult: storedResultRefSchema });

type StoredResultRef = z.infer<typeof storedResultRefSchema>;

/** How much of a large result the summary shows. */
interface SummaryOptions {
  /** Rows shown from the start and from the end of each table. @default 3 */
  edgeRows?: number;
  /** A column with at most this many distinct values lists them with their counts. @default 10 */
  lowCardinality?: number;
  /** Longest cell text shown; longer text is cut with the number of characters left out. @default 120 */
  maxCellChars?: number;
  /** The summary's JSON is kept under this many characters by showing fewer rows and values. @default 4000 */
  maxChars?: number;
}

interface ColumnSummary {
  name: string;
  type: string;
  distinct: number;
  values?: Array<{ value: unknown; count: number }>;
}

function clip(value: unknown, maxCellChars: number): unknown {
  if (typeof value === 'string') return value.length > maxCellChars ? `${value.slice(0, maxCellChars)}…(+${value.length - maxCellChars} chars)` : value;
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > maxCellChars ? `${text.slice(0, maxCellChars)}…(+${text.length - maxCellChars} chars)` : value;
  }
  return value;
}

function summariseColumn(table: ResultTable, index: number, lowCardinality: number, maxCellChars: number, withValues: boolean): ColumnSummary {
  const counts = new Map<string, { value: unknown; count: number }>();
  for (const row of table.rows) {
    const cell = row[index] ?? null;
    const key = JSON.stringify(cell) ?? 'null';
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { value: cell, count: 1 });
  }
  const column = table.columns[index]!;
  const summary: ColumnSummary = { name: column.name, type: column.type, distinct: counts.size };
  // Value counts only help when values repeat: a column of unique ids would just repeat the rows.
  if (withValues && counts.size <= lowCardinality && counts.size < table.rows.length) {
    summary.values = [...counts.entries()]
      .sort(([keyA, a], [keyB, b]) => b.count - a.count || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0))
      .map(([, entry]) => ({ value: clip(entry.value, maxCellChars), count: entry.count }));
  }
  return summary;
}

function summariseTable(table: ResultTable, position: number, edgeRows: number, lowCardinality: number, maxCellChars: number, withValues: boolean) {
  const clipRow = (row: unknown[]): unknown[] => row.map((cell) => clip(cell, maxCellChars));
  const count = table.rows.length;
  const head = table.rows.slice(0, edgeRows);
  const tail = count > edgeRows ? table.rows.slice(Math.max(edgeRows, count - edgeRows)) : [];
  return {
    table: position,
    name: table.name,
    rowCount: count,
    columns: table.columns.map((_, index) => summariseColumn(table, index, lowCardinality, maxCellChars, withValues)),
    head: head.map(clipRow),
    ...(tail.length > 0 ? { tailStartsAtRow: count - tail.length, tail: tail.map(clipRow) } : {}),
  };
}

function clipFields(fields: Record<string, unknown>, maxCellChars: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, clip(value, maxCellChars)]));
}

/**
 * What the model sees instead of a large tool result: its size, every table's row count,
 * columns with types and distinct counts (value counts for low-cardinality columns), the first
 * and last rows, the result's other fields, and how to read more with `read_result`. Pure and
 * deterministic: the same data and reference give the same summary.
 */
function summariseResult(data: unknown, ref: StoredResultRef, options: SummaryOptions = {}): Record<string, unknown> {
  const maxChars = options.maxChars ?? 4000;
  const lowCardinality = options.lowCardinality ?? 10;
  const tables = resultTables(data);
  const fields = resultFields(data);
  let summary: Record<string, unknown> = {};
  // Shrink step by step (fewer edge rows, shorter cells, then no value lists) until it fits.
  const attempts: Array<{ edgeRows: number; maxCellChars: number; withValues: boolean }> = [
    { edgeRows: options.edgeRows ?? 3, maxCellChars: options.maxCellChars ?? 120, withValues: true },
    { edgeRows: 2, maxCellChars: 60, withValues: true },
    { edgeRows: 1, maxCellChars: 40, withValues: true },
    { edgeRows: 1, maxCellChars: 30, withValues: false },
  ];
  for (const attempt of attempts) {
    summary = tables.length > 0 ? tabularSummary(tables, fields, ref, lowCardinality, attempt) : textSummary(data, ref, Math.floor(maxChars / 2));
    if (JSON.stringify(summary).length <= maxChars) break;
  }
  return summary;
}

function tabularSummary(
  tables: ResultTable[],
  fields: Record<string, unknown>,
  ref: StoredResultRef,
  lowCardinality: number,
  attempt: { edgeRows: number; maxCellChars: number; withValues: boolean },
): Record<string, unknown> {
  const rows = tables.reduce((sum, table) => sum + table.rows.length, 0);
  const example = JSON.stringify({ callId: ref.callId, table: 0, offset: 0, limit: 50 });
  return {
    storedResult: ref,
    note:
      `The full result (${ref.bytes} bytes, ${rows} rows in ${tables.length} table(s)) is stored, not shown. Below: columns with distinct counts, ` +
      `the first and last rows. Call ${READ_RESULT_TOOL} with ${example} to read rows; page on with offset.`,
    ...(Object.keys(fields).length > 0 ? { fields: clipFields(fields, attempt.maxCellChars) } : {}),
    tables: tables.map((table, position) => summariseTable(table, position, attempt.edgeRows, lowCardinality, attempt.maxCellChars, attempt.withValues)),
  };
}

function textSummary(data: unknown, ref: StoredResultRef, previewChars: number): Record<string, unknown> {
  const text = JSON.stringify(data) ?? '';
  const example = JSON.stringify({ callId: ref.callId, offset: 0, limit: previewChars });
  return {
    storedResult: ref,
    note:
      `The full result (${ref.bytes} bytes, ${text.length} characters of JSON, no rows) is stored, not shown. ` +
      `Call ${READ_RESULT_TOOL} with ${example} to read it; offset and limit count characters.`,
    totalChars: text.length,
    preview: text.length > previewChars ? `${text.slice(0, previewChars)}…` : text,
  };
}

/** The stored-result reference in a tool result's data, if its data is a summary. */
function storedRefOf(data: unknown): StoredResultRef | undefined {
  const parsed = storedSummaryMarkSchema.safeParse(data);
  return parsed.success ? parsed.data.storedResult : undefined;
}

export { summariseResult, storedRefOf, storedResultRefSchema };
export type { StoredResultRef, SummaryOptions };
