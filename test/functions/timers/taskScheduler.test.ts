import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { getStatus, waitForStatus } from '../../helpers/durableHttp';
import { startTeamsWorkflowFake, type TeamsWorkflowFake } from '../../helpers/fakes/teamsWorkflowFake';

/** Finishes at once in deterministic mode: one hypothesis with nothing to check. */
const QUICK_TASK = `id: quick
description: Quick daily check
schedule: "0 8 * * *"
hypotheses:
  - { id: noop, title: Nothing to check, guidance: Nothing., rootCauseCategory: other }
`;

/** Waits for a person: the rules ask about its only check, so its run stays going until terminated. */
const SLOW_TASK = `id: slow
description: Daily check that waits for an approval
schedule: "0 8 * * *"
allowedTools: [http_probe]
destinations: [teams]
hypotheses:
  - id: probe
    title: The site is down
    guidance: Probe it.
    rootCauseCategory: other
    checks:
      - { id: home, tool: http_probe, arguments: { url: "https://example.com/" } }
    verdictRules:
      - { when: "checks.home.status = 'ok'", verdict: refuted, confidence: 0.9, summary: The site answers. }
`;

/** Healthy by rule, run only by hand; one posts its healthy result, the other keeps quiet. */
const calmTask = (id: string, postWhenHealthy: boolean): string => `id: ${id}
description: Always healthy
schedule: "0 8 * * *"
enabled: false
postWhenHealthy: ${postWhenHealthy}
destinations: [teams]
hypotheses:
  - id: nothing-wrong
    title: Something is wrong
    guidance: Nothing is.
    rootCauseCategory: other
    verdictRules:
      - { when: "true", verdict: refuted, confidence: 0.9, summary: Nothing is wrong. }
`;

const RULES = `rules: []
plans:
  task-slow:
    - ask: http_probe(*)
`;

interface TickSummary {
  started: string[];
  skipped: string[];
  errors: Array<{ taskId: string; message: string }>;
}
interface RunView {
  instanceId: string;
  status: string;
  detail: string;
}
interface TaskView {
  id: string;
  state: string;
  consecutiveFailures: number;
  nextRun: string | null;
  lastRuns: RunView[];
}

async function tick(host: DevhostProcess, at: string): Promise<TickSummary> {
  const response = await fetch(`${host.url}/api/tasks/tick?code=${host.masterKey}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });
  if (response.status !== 200) throw new Error(`tick answered ${response.status}: ${await response.text()}`);
  const summary = (await response.json()) as TickSummary;
  expect(summary.errors).toEqual([]);
  return summary;
}

async function tasks(host: DevhostProcess): Promise<Record<string, TaskView>> {
  const response = await fetch(`${host.url}/api/tasks?code=${host.functionKey}`);
  const body = (await response.json()) as { tasks: TaskView[] };
  return Object.fromEntries(body.tasks.map((task) => [task.id, task]));
}

async function post(host: DevhostProcess, path: string): Promise<Response> {
  return fetch(`${host.url}/api/${path}?code=${host.functionKey}`, { method: 'POST' });
}

async function terminate(host: DevhostProcess, instanceId: string): Promise<void> {
  // The run waits for its approval first, so it is surely still going when terminated.
  await eventually(async () => {
    const body = (await (await fetch(`${host.url}/api/approvals?investigation=${instanceId}&code=${host.functionKey}`)).json()) as { approvals?: unknown[] };
    return (body.approvals?.length ?? 0) > 0 ? true : undefined;
  }, 30000);
  expect((await post(host, `investigations/${instanceId}/terminate`)).status).toBe(202);
  await waitForStatus(host, instanceId, (s) => s.runtimeStatus === 'Terminated');
}

describe('the task scheduler on the devhost, driven by ticks at chosen times', () => {
  const hosts: DevhostProcess[] = [];
  let env: Record<string, string>;
  let teams: TeamsWorkflowFake;

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    const container = BlobServiceClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!).getContainerClient(`tasks-${suffix}`);
    await container.createIfNotExists();
    for (const [name, text] of [['quick.yaml', QUICK_TASK], ['slow.yaml', SLOW_TASK], ['calm.yaml', calmTask('calm', false)], ['calm-loud.yaml', calmTask('calm-loud', true)]] as const) await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
    const rules = join(mkdtempSync(join(tmpdir(), 'task-rules-')), 'rules.yaml');
    writeFileSync(rules, RULES);
    teams = await startTeamsWorkflowFake('teams-sig');
    env = {
      TEAMS_WORKFLOW_URL: teams.workflowUrl,
      DESTINATIONS_ALLOW_TEST_HOSTS: 'true',
      TASKS_CONTAINER: `tasks-${suffix}`,
      SCHEDULER_TABLE: `Sched${suffix}`,
      GOVERNANCE_RULES_FILE: rules,
      // Only the ticks the test sends: the minute timer would tick at the real time.
      'AzureWebJobs.taskScheduler.Disabled': 'true',
    };
    hosts.push(await startDevhostProcess({ app: '.', env }));
  });

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await teams?.close();
  });

  it('runs a slot once, skips it while the last run is going, not while paused, and marks a task failed after three failed runs', async () => {
    const host = hosts[0]!;
    // Prepare: the scheduler's first tick, before 08:00
    await tick(host, '2026-03-02T07:59:30Z');

    // Act: two ticks (two instances, or a repeated tick) both see the 08:00 slot
    const both = await Promise.all([tick(host, '2026-03-02T08:00:30Z'), tick(host, '2026-03-02T08:00:30Z')]);
    const again = await tick(host, '2026-03-02T08:01:30Z');

    // Assess: each task started once for 08:00, with the slot's instance id
    const started = both.flatMap((s) => s.started).sort();
    expect(started).toEqual(['task-quick-202603020800', 'task-slow-202603020800']);
    expect(again.started).toEqual([]);
    const quickRun = await waitForStatus(host, 'task-quick-202603020800');
    expect(quickRun.runtimeStatus).toBe('Completed');
    expect(quickRun.input).toMatchObject({ trigger: 'schedule', incident: { source: 'schedule', firedAt: '2026-03-02T08:00:00.000Z' } });

    // Act: the next day's slot comes while slow's run still waits for its approval
    const nextDay = await tick(host, '2026-03-03T08:00:30Z');

    // Assess: quick runs; slow's slot is recorded as skipped, not started
    expect(nextDay.started).toEqual(['task-quick-202603030800']);
    expect(nextDay.skipped).toEqual(['task-slow-202603030800']);
    expect((await getStatus(host, 'task-slow-202603030800')).code).toBe(404);
    const afterSkip = await tasks(host);
    expect(afterSkip.slow!.lastRuns[0]).toMatchObject({ instanceId: 'task-slow-202603030800', status: 'skipped', detail: expect.stringContaining('task-slow-202603020800') });
    expect(afterSkip.quick!.lastRuns.find((r) => r.instanceId === 'task-quick-202603020800')).toMatchObject({ status: 'inconclusive' });

    // Act: pause quick; its next slot passes
    await waitForStatus(host, 'task-quick-202603030800');
    expect((await post(host, 'tasks/quick/pause')).status).toBe(200);
    const paused = await tick(host, '2026-03-04T08:00:30Z');

    // Assess: no run of quick while paused (slow is still busy with its first run)
    expect(paused.started).toEqual([]);
    expect((await tasks(host)).quick).toMatchObject({ state: 'paused', nextRun: null });
    expect((await getStatus(host, 'task-quick-202603040800')).code).toBe(404);

    // Act: three of slow's runs fail (terminated) in a row
    await terminate(host, 'task-slow-202603020800');
    expect((await tick(host, '2026-03-05T08:00:30Z')).started).toEqual(['task-slow-202603050800']);
    await terminate(host, 'task-slow-202603050800');
    expect((await tick(host, '2026-03-06T08:00:30Z')).started).toEqual(['task-slow-202603060800']);
    await terminate(host, 'task-slow-202603060800');
    const third = await tick(host, '2026-03-07T08:00:30Z');

    // Assess: marked failed, no further run, and the audit log says so
    expect(third.started).toEqual([]);
    const failed = (await tasks(host)).slow!;
    expect(failed).toMatchObject({ state: 'failed', consecutiveFailures: 3, nextRun: null });
    expect(failed.lastRuns.map((r) => `${r.instanceId} ${r.status}`)).toEqual([
      'task-slow-202603060800 failed',
      'task-slow-202603050800 failed',
      'task-slow-202603040800 skipped',
      'task-slow-202603030800 skipped',
      'task-slow-202603020800 failed',
    ]);
    const audit = (await (await fetch(`${host.url}/api/audit?investigation=task-slow&code=${host.functionKey}`)).json()) as { records: Array<{ kind: string; summary: string }> };
    expect(audit.records.find((r) => r.kind === 'task')?.summary).toContain('failed 3 runs in a row');
    const notices = teams.posted.map((body) => JSON.stringify(body)).filter((text) => text.includes('❌ Scheduled task slow failed 3 runs in a row'));
    expect(notices).toHaveLength(1);
  });

  it('runs a slot that came while the host was down once after a kill -9 and restart', async () => {
    // Prepare: quick is resumed, and the scheduler ticked last before 08:00
    const first = hosts[0]!;
    expect((await post(first, 'tasks/quick/resume')).status).toBe(200);
    await tick(first, '2026-03-08T07:59:30Z');

    // Act: the host dies before 08:00 and comes back after it
    await first.kill();
    const second = await startDevhostProcess({ app: '.', env, taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    const afterRestart = await tick(second, '2026-03-08T08:05:00Z');
    const later = await tick(second, '2026-03-08T08:06:00Z');

    // Assess: the missed 08:00 slot ran once
    expect(afterRestart.started).toEqual(['task-quick-202603080800']);
    expect(later.started).toEqual([]);
    expect((await waitForStatus(second, 'task-quick-202603080800')).runtimeStatus).toBe('Completed');
    const runs = (await tasks(second)).quick!.lastRuns.filter((r) => r.instanceId === 'task-quick-202603080800');
    expect(runs).toHaveLength(1);
    // Health shows how far the scheduler got and how long ago it ticked.
    const health = (await (await fetch(`${second.url}/api/health`)).json()) as { scheduler: { lastTick: string; lagSeconds: number } };
    expect(health.scheduler).toEqual({ lastTick: '2026-03-08T08:06:00.000Z', lagSeconds: expect.any(Number) });
  });

  it('runs a task now, posting a healthy result only when the task asks for it, and refuses a second run while one is going', async () => {
    const host = hosts[hosts.length - 1]!;
    // Act
    const quiet = await post(host, 'tasks/calm/run');
    const loud = await post(host, 'tasks/calm-loud/run');

    // Assess: both ran; only calm-loud's healthy report reached Teams
    expect([quiet.status, loud.status]).toEqual([202, 202]);
    const quietId = ((await quiet.json()) as { id: string }).id;
    const loudId = ((await loud.json()) as { id: string }).id;
    expect(quietId).toMatch(/^task-calm-\d{14}-now$/);
    expect((await waitForStatus(host, quietId)).runtimeStatus).toBe('Completed');
    expect((await waitForStatus(host, loudId)).runtimeStatus).toBe('Completed');
    const posted = teams.posted.map((body) => JSON.stringify(body));
    expect(posted.filter((text) => text.includes(loudId))).toHaveLength(1);
    expect(posted.filter((text) => text.includes(quietId))).toHaveLength(0);

    // Act / Assess: slow's run waits for its approval, so a second run-now is refused
    const first = await post(host, 'tasks/slow/run');
    expect(first.status).toBe(202);
    const second = await post(host, 'tasks/slow/run');
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a bad task id with 400, an unknown one with 404, and a tick in the future with 400', async () => {
    const host = hosts[hosts.length - 1]!;
    const bad = await post(host, 'tasks/Bad_Id/run');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect((await post(host, 'tasks/no-such-task/pause')).status).toBe(404);
    const future = await fetch(`${host.url}/api/tasks/tick?code=${host.masterKey}`, { method: 'POST', body: JSON.stringify({ at: '2999-01-01T00:00:00Z' }) });
    expect(future.status).toBe(400);
  });
});
