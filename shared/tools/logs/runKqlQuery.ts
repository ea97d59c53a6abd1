import type { LogsQueryOptions, LogsQueryResult } from '@azure/monitor-query-logs';
import { toServiceQuery, validateKql, type CrossResourceTarget, type KqlSchema } from '../../kql';
import { capTables, type CappedTables } from '../capRows';
import type { ToolResult } from '../tool';
import { startToolRun } from '../toolRun';
import type { QueryLimits } from '../queryLimits';
import { resolveTimeWindow } from '../timeWindow';
import { describeUpstreamError } from '../upstreamError';

/** Everything one KQL tool call needs; the two KQL tools differ only in `execute` and labels. */
interface KqlRunRequest {
  tool: string;
  /** The KQL exactly as the model wrote it (the result's `invocation`). */
  query: string;
  /** What the query runs against, for summaries: `workspace prod-logs`. */
  targetLabel: string;
  /** The model's `timespan` and `end`; resolved here against the limits. */
  timespan?: string | undefined;
  end?: string | undefined;
  now: Date;
  /** The schema to validate against; `undefined` when none can be known (validation is skipped). */
  loadSchema: () => Promise<KqlSchema | undefined>;
  /** Workspaces and components `workspace()` / `app()` / `resource()` may name, loaded after the schema. */
  loadCrossResourceTargets?: (() => Promise<CrossResourceTarget[]>) | undefined;
  /** Tables the query may read; all tables of the schema when absent. */
  allowedTables?: ReadonlyArray<string> | undefined;
  /** Runs the query through the SDK. */
  execute: (query: string, timespan: { startTime: Date; endTime: Date }, options: LogsQueryOptions) => Promise<LogsQueryResult>;
  limits: QueryLimits;
  signal?: AbortSignal | undefined;
}

function describeCaps(capped: CappedTables): string {
  if (!capped.truncated) return '';
  const what = capped.truncated.reason === 'max_rows' ? `${capped.truncated.limit} rows` : `${capped.truncated.limit} bytes`;
  return `; truncated to ${capped.returnedRows} of ${capped.totalRows} rows (limit ${what})`;
}

/**
 * Validates a KQL query against the target's schema, runs it over the window, and shapes the
 * answer for the model: diagnostics with line, column and "did you mean" on a bad query, capped
 * rows on success, `no_data` on an empty result, and the service's own error otherwise.
 */
async function runKqlQuery(request: KqlRunRequest): Promise<ToolResult> {
  const { limits } = request;
  const window = resolveTimeWindow({ timespan: request.timespan, end: request.end, defaultTimespan: limits.defaultTimespan, maxTimespan: limits.maxTimespan, now: request.now });
  if ('error' in window) return startToolRun({ tool: request.tool, invocation: request.query }).error('invalid_arguments', window.error);
  const run = startToolRun({ tool: request.tool, invocation: request.query, timeRange: window });
  const windowNote = window.cappedFrom ? ` (timespan ${window.cappedFrom} shortened to the maximum ${window.duration})` : '';

  let schema: KqlSchema | undefined;
  let crossResource: CrossResourceTarget[] = [];
  try {
    schema = await request.loadSchema();
    if (schema && request.loadCrossResourceTargets) crossResource = await request.loadCrossResourceTargets();
  } catch (error) {
    const info = describeUpstreamError(error);
    return run.error(
      'schema_unavailable',
      `could not read the table schema of ${request.targetLabel}: ${info.message}`,
      { upstreamCode: info.code, ...(info.status === undefined ? {} : { status: info.status }), ...(info.body === undefined ? {} : { body: info.body }) },
    );
  }

  let tablesReferenced: string[] | undefined;
  if (schema) {
    const validation = validateKql(request.query, schema, {
      crossResource,
      ...(request.allowedTables ? { allowedTables: [...request.allowedTables] } : {}),
    });
    if (!validation.ok) {
      const outside = validation.diagnostics.some((d) => d.message.includes('is outside the tables'));
      const first = validation.diagnostics[0];
      const where = first ? `line ${first.line}, column ${first.column}: ${first.message}` : 'the query is not valid KQL';
      return run.error(
        outside ? 'table_not_allowed' : 'invalid_query',
        `${where}${validation.diagnostics.length > 1 ? ` (+${validation.diagnostics.length - 1} more)` : ''}`,
        { diagnostics: validation.diagnostics },
        `KQL rejected before sending to ${request.targetLabel}: ${where}`,
      );
    }
    tablesReferenced = validation.tablesReferenced;
  }

  // Configured names in workspace()/app() become the ids the service resolves.
  const sentQuery = crossResource.length > 0 ? toServiceQuery(request.query, crossResource) : request.query;
  const signals = [AbortSignal.timeout((limits.serverTimeoutSeconds + 15) * 1000), ...(request.signal ? [request.signal] : [])];
  try {
    const result = await request.execute(
      sentQuery,
      { startTime: window.start, endTime: window.end },
      { serverTimeoutInSeconds: limits.serverTimeoutSeconds, abortSignal: AbortSignal.any(signals) },
    );
    const partial = result.status === 'PartialFailure' ? result : undefined;
    const tables = partial ? partial.partialTables : result.status === 'Success' ? result.tables : [];
    const capped = capTables(
      tables.map((t) => ({ name: t.name, columns: t.columnDescriptors, rows: t.rows })),
      limits.maxRows,
      limits.maxBytes,
    );
    const data = {
      target: request.targetLabel,
      timespan: window.duration,
      ...(tablesReferenced ? { tablesReferenced } : {}),
      ...(sentQuery === request.query ? {} : { sentQuery }),
      ...capped,
      ...(capped.truncated
        ? { note: `Only ${capped.returnedRows} of ${capped.totalRows} rows are shown. Narrow the query (filters, summarize, project fewer columns, take) to see the rest.` }
        : {}),
      ...(partial ? { partialError: partial.partialError } : {}),
    };
    if (partial && capped.totalRows === 0) {
      const info = describeUpstreamError(Object.assign(new Error(partial.partialError.message), { details: { error: partial.partialError } }));
      return run.error(info.code, info.message, { partialError: partial.partialError });
    }
    const base = `${request.targetLabel} over ${window.duration}${windowNote}`;
    if (capped.totalRows === 0) return run.noData(data, `${base}: no rows`);
    const partialNote = partial ? `; PARTIAL result: ${partial.partialError.message}` : '';
    return run.success(data, `${base}: ${capped.totalRows} rows in ${capped.tables.length} table(s)${describeCaps(capped)}${partialNote}`);
  } catch (error) {
    const info = describeUpstreamError(error);
    return run.error(
      info.code,
      `${request.targetLabel}: ${info.message}`,
      { ...(info.status === undefined ? {} : { status: info.status }), ...(info.body === undefined ? {} : { body: info.body }) },
    );
  }
}

export { runKqlQuery };
export type { KqlRunRequest };
