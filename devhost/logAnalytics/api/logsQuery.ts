/**
 * The Log Analytics query API (`POST /v1/workspaces/{id}/query`, `POST /v1/{resourceId}/query`,
 * `POST /v1/$batch`): runs the query with the local KQL evaluator and answers in the service's
 * shape `{tables: [{name, columns: [{name, type}], rows}]}`.
 */
import { z } from 'zod';

import { executeKql, type KqlDatabase } from '../kql';
import type { TelemetryStore } from '../data/telemetryStore';
import { EmulatorHttpError, logAnalyticsError } from './apiErrors';
import { parseIsoInterval } from './isoTimespan';
import { resolveEmulatorCrossResource } from './crossResourceQuery';

/** Body of a query request (REST `QueryBody`). */
const LogsQueryBodySchema = z.object({
  query: z.string().min(1),
  timespan: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
});

/** One request of a `$batch` call. */
const LogsBatchRequestSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string().min(1),
        body: LogsQueryBodySchema,
        path: z.string().default('/query'),
        method: z.string().default('POST'),
        workspace: z.string().min(1),
        headers: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1)
    .max(10),
});

type LogsQueryBody = z.infer<typeof LogsQueryBodySchema>;

/** Where a query runs: a workspace GUID or a resource id (resource-centric). */
type LogsQueryScope = { workspaceId: string } | { resourceId: string };

/** What the query endpoint needs besides the body. */
interface LogsQueryContext {
  store: TelemetryStore;
  now: Date;
  maxRows: number;
  /** The `Prefer` header (`include-statistics=true`, `include-render=true`, `wait=N`). */
  prefer?: string | undefined;
}

function parseBody(body: unknown): LogsQueryBody {
  const parsed = LogsQueryBodySchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
    code: 'InvalidBody',
    message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
  });
}

function databaseFor(scope: LogsQueryScope, extraWorkspaces: string[] | undefined, store: TelemetryStore): KqlDatabase {
  if ('resourceId' in scope) {
    const database = store.databaseForResource(scope.resourceId);
    if (!database) {
      throw logAnalyticsError(404, 'ResourceNotFoundError', `The resource ${scope.resourceId} could not be found or has no data in the emulator`);
    }
    return database;
  }
  const ids = [scope.workspaceId, ...(extraWorkspaces ?? [])];
  const workspaces = ids.map((id) => {
    const workspace = store.workspace(id) ?? store.listWorkspaces().find((w) => w.resourceId.toLowerCase() === id.toLowerCase() || w.name === id);
    if (!workspace) throw logAnalyticsError(404, 'WorkspaceNotFoundError', `The workspace ${id} could not be found`);
    return workspace;
  });
  return store.databaseFor(workspaces);
}

/** Maps evaluator errors to the service's `BadArgumentError` with the inner code. */
function toQueryError(error: unknown): EmulatorHttpError {
  if (error instanceof EmulatorHttpError) return error;
  const named = error as { name?: string; code?: string; message?: string };
  if (named?.name === 'KqlEvaluationError') {
    return logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: named.code ?? 'SemanticError',
      message: named.message ?? 'query failed',
    });
  }
  if (named?.name === 'KqlUnsupportedError') {
    return logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
      code: 'NotSupportedByEmulator',
      message: named.message ?? 'unsupported query',
    });
  }
  return logAnalyticsError(500, 'InternalServerError', `The emulator failed to run the query: ${named?.message ?? String(error)}`);
}

/**
 * Runs one query and returns the response body.
 *
 * @throws {EmulatorHttpError} with the service's error body (400 bad query, 404 unknown scope).
 */
function runLogsQuery(scope: LogsQueryScope, rawBody: unknown, context: LogsQueryContext): Record<string, unknown> {
  const body = parseBody(rawBody);
  let timespan: { start: Date; end: Date } | undefined;
  if (body.timespan !== undefined) {
    timespan = parseIsoInterval(body.timespan, context.now);
    if (!timespan) {
      throw logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'InvalidTimespan',
        message: `timespan ${JSON.stringify(body.timespan)} is not an ISO 8601 duration or interval`,
      });
    }
  }
  const resolved = resolveEmulatorCrossResource(body.query, databaseFor(scope, body.workspaces, context.store), context.store);
  const started = process.hrtime.bigint();
  let result;
  try {
    result = executeKql(resolved.query, resolved.database, { now: context.now, maxRows: context.maxRows, ...(timespan ? { timespan } : {}) });
  } catch (error) {
    throw toQueryError(error);
  }
  const response: Record<string, unknown> = {
    tables: result.tables.map((table) => ({ name: table.name, columns: table.columns, rows: table.rows })),
  };
  if (context.prefer?.includes('include-statistics=true')) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    response['statistics'] = { query: { executionTime: seconds, resourceUsage: { cache: {}, cpu: {}, memory: {} }, datasetStatistics: [{ tableRowCount: result.tables[0]?.rows.length ?? 0 }] } };
  }
  if (context.prefer?.includes('include-render=true')) response['render'] = {};
  return response;
}

/** Runs a `$batch` request; each query fails on its own, as in the service. */
function runLogsBatch(rawBody: unknown, context: Omit<LogsQueryContext, 'prefer'>): Record<string, unknown> {
  const parsed = LogsBatchRequestSchema.safeParse(rawBody);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw logAnalyticsError(400, 'BadArgumentError', `The batch request is invalid: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const responses = parsed.data.requests.map((request) => {
    try {
      const prefer = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'prefer')?.[1];
      const body = runLogsQuery({ workspaceId: request.workspace }, request.body, { ...context, prefer });
      return { id: request.id, status: 200, body };
    } catch (error) {
      const failure = toQueryError(error);
      return { id: request.id, status: failure.status, body: failure.body };
    }
  });
  return { responses };
}

export type { LogsQueryScope, LogsQueryContext };
export { LogsQueryBodySchema, runLogsQuery, runLogsBatch };
