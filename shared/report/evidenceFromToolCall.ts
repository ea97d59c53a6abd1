import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { EvidenceItem } from './reportSchema';

/**
 * Turns a tool call into a report evidence item: tool, exact query, time range and a bounded
 * excerpt (the tool's summary, the error, or the first rows), so a reader can re-run the query.
 */
function evidenceFromToolCall(record: ToolCallRecord, maxExcerptChars = 600): EvidenceItem {
  const { result } = record;
  let excerptText = result.summary;
  if (result.status === 'error' && result.error) excerptText += ` | error ${result.error.code}: ${result.error.message}`;
  else if (result.data !== undefined) excerptText += ` | ${firstRows(result.data)}`;
  return {
    toolCallId: record.id,
    hypothesisId: record.hypothesisId,
    tool: record.tool,
    query: result.invocation,
    ...(result.timeRange ? { timeRange: result.timeRange } : {}),
    status: result.status,
    resultExcerpt: excerptText.length > maxExcerptChars ? `${excerptText.slice(0, maxExcerptChars - 1)}…` : excerptText,
  };
}

/** The first rows of a KQL-shaped result (`{tables:[{columns,rows}]}`), or compact JSON of other data. */
function firstRows(data: unknown, count = 3): string {
  const tables = (data as { tables?: Array<{ columns?: Array<{ name?: string }>; rows?: unknown[][] }> } | null)?.tables;
  const table = Array.isArray(tables) ? tables[0] : undefined;
  if (table && Array.isArray(table.columns) && Array.isArray(table.rows)) {
    const names = table.columns.map((column) => column.name ?? '?');
    const rows = table.rows.slice(0, count).map((row) => names.map((name, i) => `${name}=${JSON.stringify(row[i] ?? null)}`).join(', '));
    return rows.length > 0 ? rows.join(' ; ') : 'no rows';
  }
  return JSON.stringify(data);
}

export { evidenceFromToolCall };
