import type { DevhostProcess } from './devhostProcess';
import { eventually } from './devhostProcess';

/** A Durable status body as the management API returns it. */
interface StatusBody {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  historyEvents?: Array<Record<string, unknown>>;
}

/** Starts an orchestration through the sample app's HTTP starter (which uses `df.getClient`). */
async function startOrchestration(host: DevhostProcess, name: string, input: unknown, instanceId?: string): Promise<{ id: string; statusQueryGetUri: string; sendEventPostUri: string; terminatePostUri: string }> {
  const response = await fetch(`${host.url}/api/orchestrators/${name}${instanceId ? `/${instanceId}` : ''}`, { method: 'POST', body: JSON.stringify(input) });
  if (response.status !== 202) throw new Error(`start ${name} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; statusQueryGetUri: string; sendEventPostUri: string; terminatePostUri: string };
}

/** GET the instance status from the public management route. */
async function getStatus(host: DevhostProcess, instanceId: string, query = ''): Promise<{ code: number; body: StatusBody }> {
  const response = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}?code=${host.masterKey}${query}`);
  return { code: response.status, body: (await response.json()) as StatusBody };
}

/** Waits until the instance status satisfies `done` (by default: a terminal status). */
async function waitForStatus(host: DevhostProcess, instanceId: string, done: (s: StatusBody) => boolean = (s) => ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus), timeoutMs = 30000): Promise<StatusBody> {
  return eventually(async () => {
    const { body } = await getStatus(host, instanceId);
    return done(body) ? body : undefined;
  }, timeoutMs);
}

/** POST to a management operation (raiseEvent/NAME, terminate?reason=...). */
async function manage(host: DevhostProcess, instanceId: string, operation: string, body?: unknown): Promise<number> {
  const separator = operation.includes('?') ? '&' : '?';
  const response = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}/${operation}${separator}code=${host.masterKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

export { startOrchestration, getStatus, waitForStatus, manage };
export type { StatusBody };
