import type { HistoryEvent } from './historyEvents';
import { eventTypeName } from './historyEvents';
import { InstanceConflictError, type ManagementOutcome, type OrchestrationEngine } from './orchestrationEngine';
import type { InstanceState, RuntimeStatus } from './taskHubStore';

/** A plain HTTP answer the devhost server writes out. */
interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

/** The status body `DurableOrchestrationStatus` accepts (string times, `input`/`output` present). */
function statusBody(state: InstanceState, history: HistoryEvent[] | undefined, showInput: boolean, showHistoryOutput: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: state.name,
    instanceId: state.instanceId,
    createdTime: state.createdTime,
    lastUpdatedTime: state.lastUpdatedTime,
    input: showInput ? state.input ?? null : null,
    output: state.output ?? null,
    runtimeStatus: state.status,
    customStatus: state.customStatus ?? null,
  };
  if (history) {
    body.historyEvents = history
      .filter((e) => e.EventType !== 12 && e.EventType !== 13)
      .map((e) => ({
        EventType: eventTypeName(e.EventType),
        EventId: e.EventId,
        Timestamp: e.Timestamp,
        ...(e.Name ? { FunctionName: e.Name } : {}),
        ...(e.TaskScheduledId !== undefined ? { TaskScheduledId: e.TaskScheduledId } : {}),
        ...(e.FireAt ? { FireAt: e.FireAt } : {}),
        ...(showHistoryOutput && e.Result !== undefined ? { Result: JSON.parse(e.Result) as unknown } : {}),
        ...(e.Reason ? { Reason: e.Reason } : {}),
      }));
  }
  return body;
}

function outcomeResponse(outcome: ManagementOutcome, instanceId: string): ApiResponse {
  if (outcome === 'accepted') return { status: 202 };
  if (outcome === 'gone') return { status: 410, body: { message: `Instance ${instanceId} is already in a terminal state.` } };
  return { status: 404, body: { message: `No instance with ID '${instanceId}' was found.` } };
}

function parseBody(body: string): unknown {
  if (body.trim() === '') return null;
  return JSON.parse(body);
}

/**
 * Serves the Durable HTTP management API (the routes `DurableClient` calls through
 * `rpcBaseUrl`, also published under `/runtime/webhooks/durabletask`): start, status, query,
 * raise event, terminate, suspend, resume, purge.
 */
async function handleManagementRequest(
  engine: OrchestrationEngine,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string,
): Promise<ApiResponse> {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'orchestrators' && method === 'POST' && parts.length >= 2) {
    const name = parts[1]!;
    if (!engine.isOrchestrator(name)) {
      return { status: 400, body: { message: `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.` } };
    }
    let input: unknown;
    try {
      input = parseBody(body);
    } catch {
      return { status: 400, body: { message: 'The request body is not valid JSON.' } };
    }
    try {
      const id = await engine.startNew(name, parts[2], input);
      return { status: 202, body: { id } };
    } catch (error) {
      if (error instanceof InstanceConflictError) return { status: 409, body: { message: error.message } };
      throw error;
    }
  }
  if (parts[0] !== 'instances') return { status: 404, body: { message: `Unknown durable task route '${path}'.` } };
  const instanceId = parts[1];
  if (!instanceId) {
    if (method !== 'GET') return { status: 405 };
    const from = query.get('createdTimeFrom');
    const to = query.get('createdTimeTo');
    const statuses = query.get('runtimeStatus')?.split(',').filter(Boolean);
    const prefix = query.get('instanceIdPrefix');
    const states = (await engine.listStates()).filter(
      (s) =>
        (!from || s.createdTime >= new Date(from).toISOString()) &&
        (!to || s.createdTime <= new Date(to).toISOString()) &&
        (!statuses || statuses.includes(s.status)) &&
        (!prefix || s.instanceId.startsWith(prefix)),
    );
    return { status: 200, body: states.map((s) => statusBody(s, undefined, query.get('showInput') !== 'false', false)) };
  }
  const operation = parts[2];
  if (!operation) {
    if (method === 'DELETE') {
      const deleted = await engine.purge(instanceId);
      return deleted ? { status: 200, body: { instancesDeleted: 1 } } : { status: 404, body: { instancesDeleted: 0 } };
    }
    if (method !== 'GET') return { status: 405 };
    const found = await engine.getState(instanceId);
    if (!found) return { status: 404, body: { message: `No instance with ID '${instanceId}' was found.` } };
    const showHistory = query.get('showHistory') === 'true';
    const statusCode = TERMINAL.has(found.state.status) ? 200 : 202;
    return {
      status: statusCode,
      body: statusBody(found.state, showHistory ? found.history : undefined, query.get('showInput') !== 'false', query.get('showHistoryOutput') === 'true'),
    };
  }
  if (method !== 'POST') return { status: 405 };
  const reason = query.get('reason') ?? '';
  switch (operation) {
    case 'raiseEvent': {
      const eventName = parts[3];
      if (!eventName) return { status: 400, body: { message: 'An event name is required.' } };
      let data: unknown;
      try {
        data = parseBody(body);
      } catch {
        return { status: 400, body: { message: 'The event data is not valid JSON.' } };
      }
      return outcomeResponse(await engine.raiseEvent(instanceId, eventName, data), instanceId);
    }
    case 'terminate':
      return outcomeResponse(await engine.terminate(instanceId, reason), instanceId);
    case 'suspend':
      return outcomeResponse(await engine.suspend(instanceId, reason), instanceId);
    case 'resume':
      return outcomeResponse(await engine.resume(instanceId, reason), instanceId);
    default:
      return { status: 501, body: { message: `The devhost does not implement '${operation}'.` } };
  }
}

export { handleManagementRequest };
export type { ApiResponse };
