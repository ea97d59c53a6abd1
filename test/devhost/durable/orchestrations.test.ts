import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { getStatus, manage, startOrchestration, waitForStatus } from '../../helpers/durableHttp';

describe('devhost: orchestrations on the real durable-functions replay code', () => {
  let host: DevhostProcess;
  const executions = (): string[] => readFileSync(join(host.recordDir, 'executions.log'), 'utf8').split('\n').filter(Boolean);

  beforeAll(async () => {
    host = await startDevhostProcess();
  });

  afterAll(async () => {
    await host.stop();
  });

  it('runs fan-out, a sub-orchestration, an external event, a timer and a retried activity to completion', async () => {
    // Prepare
    const started = await startOrchestration(host, 'everything', { tag: 'e1', failTimes: 2 });
    expect(started.statusQueryGetUri).toContain(`/runtime/webhooks/durabletask/instances/${started.id}`);

    // Act: the orchestration waits for approval after the fan-out and the child
    const waiting = await waitForStatus(host, started.id, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'waiting-for-approval');
    expect(waiting.runtimeStatus).toBe('Running');
    const sendEvent = started.sendEventPostUri.replace('{eventName}', 'approval');
    expect((await fetch(sendEvent, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ by: 'alice' }) })).status).toBe(202);
    const done = await waitForStatus(host, started.id);

    // Assess
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual({
      fanOut: ['done:e1-1', 'done:e1-2', 'done:e1-3', 'done:e1-4', 'done:e1-5'],
      child: 'child:done:e1-child',
      approval: { by: 'alice' },
      flaky: 'flaky ok after 3',
    });
    expect(done.customStatus).toEqual({ phase: 'done' });
    const lines = executions();
    for (const n of [1, 2, 3, 4, 5]) expect(lines.filter((l) => l === `work:e1-${n}`)).toHaveLength(1);
    expect(lines.filter((l) => l === 'flaky:e1')).toHaveLength(3);
  });

  it('records history that shows the retry timers between failed attempts', async () => {
    const started = await startOrchestration(host, 'everything', { tag: 'e2', failTimes: 1 });
    await waitForStatus(host, started.id, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'waiting-for-approval');
    await manage(host, started.id, 'raiseEvent/approval', 'ok');
    await waitForStatus(host, started.id);
    const { body } = await getStatus(host, started.id, '&showHistory=true&showHistoryOutput=true');
    const kinds = body.historyEvents!.map((e) => `${String(e.EventType)}${e.FunctionName ? `:${String(e.FunctionName)}` : ''}`);
    const flakyScheduled = kinds.filter((k) => k === 'TaskScheduled:flaky');
    expect(flakyScheduled).toHaveLength(2);
    expect(kinds).toContain('TaskFailed');
    expect(kinds.filter((k) => k === 'TimerFired').length).toBeGreaterThanOrEqual(2);
  });

  it('fails an activity for good when its retries are exhausted, and the orchestration reports it', async () => {
    const started = await startOrchestration(host, 'everything', { tag: 'e3', failTimes: 10 });
    await waitForStatus(host, started.id, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'waiting-for-approval');
    await manage(host, started.id, 'raiseEvent/approval', 'ok');
    const done = await waitForStatus(host, started.id);
    expect(done.runtimeStatus).toBe('Failed');
    expect(String(done.output)).toContain("Orchestrator function 'everything' failed");
    expect(String(done.output)).toContain('flaky failure 4');
    expect(executions().filter((l) => l === 'flaky:e3')).toHaveLength(4);
  });

  it('lets the event win a race against a timer and cancels the timer', async () => {
    const started = await startOrchestration(host, 'raceEventTimer', { timeoutMs: 60000 });
    await waitForStatus(host, started.id, (s) => s.runtimeStatus === 'Running');
    expect(await manage(host, started.id, 'raiseEvent/decision', 'approve')).toBe(202);
    const done = await waitForStatus(host, started.id);
    expect(done.output).toEqual({ decided: 'approve' });
  });

  it('lets the timer win when no event arrives', async () => {
    const started = await startOrchestration(host, 'raceEventTimer', { timeoutMs: 300 });
    const done = await waitForStatus(host, started.id);
    expect(done.output).toEqual({ decided: 'timeout' });
  });

  it('continues as new with fresh history until the count is reached', async () => {
    const started = await startOrchestration(host, 'counter', { n: 0, until: 3 });
    const done = await waitForStatus(host, started.id);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(3);
    expect(done.input).toEqual({ n: 2, until: 3 });
    const { body } = await getStatus(host, started.id, '&showHistory=true');
    expect(body.historyEvents!.filter((e) => e.EventType === 'TaskScheduled')).toHaveLength(1);
  });

  it('terminates a running instance, and then refuses events with 410', async () => {
    const started = await startOrchestration(host, 'waitsForever', null);
    await waitForStatus(host, started.id, (s) => s.runtimeStatus === 'Running');
    expect(await manage(host, started.id, 'terminate?reason=operator%20said%20so')).toBe(202);
    const done = await waitForStatus(host, started.id);
    expect(done.runtimeStatus).toBe('Terminated');
    expect(done.output).toBe('operator said so');
    expect(await manage(host, started.id, 'raiseEvent/never', 1)).toBe(410);
  });

  it('reports an orchestrator exception as Failed with the message', async () => {
    const started = await startOrchestration(host, 'fails', null);
    const done = await waitForStatus(host, started.id);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toBe("Orchestrator function 'fails' failed: orchestrator gave up");
  });

  it('fails loudly when an orchestrator calls activities in a different order on replay', async () => {
    // Prepare: the orchestrator reads the order from a file, which we flip after the first episode
    writeFileSync(join(host.recordDir, 'order.txt'), 'work,flaky');
    const started = await startOrchestration(host, 'nondeterministic', null);
    await eventually(async () => {
      const { body } = await getStatus(host, started.id, '&showHistory=true');
      return body.historyEvents?.some((e) => e.EventType === 'TaskScheduled') ? true : undefined;
    });
    writeFileSync(join(host.recordDir, 'order.txt'), 'flaky,work');

    // Act
    const done = await waitForStatus(host, started.id);

    // Assess
    expect(done.runtimeStatus).toBe('Failed');
    expect(String(done.output)).toMatch(/Non-Deterministic workflow detected: action #0 was CallActivity 'work'.*CallActivity 'flaky'/);
  });

  it('answers the client API like the Durable extension: 404 unknown, 409 duplicate id, 400 unknown orchestrator, purge', async () => {
    expect((await getStatus(host, 'no-such-instance')).code).toBe(404);
    const api = `${host.url}/runtime/webhooks/durabletask`;
    expect((await fetch(`${api}/orchestrators/notAnOrchestrator?code=${host.masterKey}`, { method: 'POST', body: '' })).status).toBe(400);
    expect((await fetch(`${api}/orchestrators/waitsForever/fixed-id-1?code=${host.masterKey}`, { method: 'POST', body: '' })).status).toBe(202);
    expect((await fetch(`${api}/orchestrators/waitsForever/fixed-id-1?code=${host.masterKey}`, { method: 'POST', body: '' })).status).toBe(409);
    expect(await manage(host, 'fixed-id-1', 'terminate?reason=cleanup')).toBe(202);
    const purge = await fetch(`${api}/instances/fixed-id-1?code=${host.masterKey}`, { method: 'DELETE' });
    expect(await purge.json()).toEqual({ instancesDeleted: 1 });
    expect((await getStatus(host, 'fixed-id-1')).code).toBe(404);
  });

  it('serves the management API only with the system key, and the RPC route only to local callers', async () => {
    expect((await fetch(`${host.url}/runtime/webhooks/durabletask/instances/x`)).status).toBe(401);
    const viaClient = await startOrchestration(host, 'child', { tag: 'rpc' });
    const status = (await (await fetch(`${host.url}/api/client/${viaClient.id}`)).json()) as { instanceId: string };
    expect(status.instanceId).toBe(viaClient.id);
  });
});
