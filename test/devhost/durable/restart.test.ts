import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startDevhostProcess, type DevhostProcess } from '../../helpers/devhostProcess';
import { getStatus, manage, startOrchestration, waitForStatus } from '../../helpers/durableHttp';

const executionsIn = (dir: string): string[] => {
  try {
    return readFileSync(join(dir, 'executions.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('devhost: crash recovery (SIGKILL and restart)', () => {
  const hosts: DevhostProcess[] = [];

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });

  it('finishes an orchestration killed mid-chain without re-running completed activities', async () => {
    // Prepare: six slow steps, one after another
    const first = await startDevhostProcess();
    hosts.push(first);
    const started = await startOrchestration(first, 'slowChain', { tag: 'k1', steps: 6, delayMs: 400 });
    await eventually(async () => (executionsIn(first.recordDir).filter((l) => l.startsWith('work:k1-')).length >= 2 ? true : undefined));

    // Act: note which activities the host has recorded as completed, crash, then start a new host
    // on the same task hub. (An activity that finished but whose completion was not yet recorded
    // may run again: activities run at least once.)
    const { body } = await getStatus(first, started.id, '&showHistory=true&showHistoryOutput=true');
    await first.kill();
    const completedBeforeCrash = (body.historyEvents ?? [])
      .filter((e) => e.EventType === 'TaskCompleted')
      .map((e) => `work:${String(e.Result).replace(/^done:/, '')}`);
    expect(completedBeforeCrash.length).toBeGreaterThanOrEqual(1);
    const second = await startDevhostProcess({ taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    const done = await waitForStatus(second, started.id);

    // Assess
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual([0, 1, 2, 3, 4, 5].map((i) => `done:k1-${i}`));
    const all = executionsIn(first.recordDir);
    for (const line of completedBeforeCrash) expect(all.filter((l) => l === line)).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(all.filter((l) => l === `work:k1-${i}`).length).toBeGreaterThanOrEqual(1);
    expect(second.logs.some((l) => l.message === 'recovering orchestration slowChain (Running)')).toBe(true);
  });

  it('keeps a waiting orchestration across a crash and completes it when the event arrives at the new host', async () => {
    const first = await startDevhostProcess();
    hosts.push(first);
    const started = await startOrchestration(first, 'everything', { tag: 'k2', failTimes: 0 });
    await waitForStatus(first, started.id, (s) => (s.customStatus as { phase?: string } | null)?.phase === 'waiting-for-approval');
    await first.kill();

    const second = await startDevhostProcess({ taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    expect(await manage(second, started.id, 'raiseEvent/approval', 'after-restart')).toBe(202);
    const done = await waitForStatus(second, started.id);

    expect(done.runtimeStatus).toBe('Completed');
    expect((done.output as { approval: string }).approval).toBe('after-restart');
    const all = executionsIn(first.recordDir);
    for (let n = 1; n <= 5; n++) expect(all.filter((l) => l === `work:k2-${n}`)).toHaveLength(1);
    expect(all.filter((l) => l === 'work:k2-child')).toHaveLength(1);
  });

  it('fires a monitored timer as past due when its occurrence passed while the host was down', async () => {
    const first = await startDevhostProcess();
    hosts.push(first);
    await eventually(async () => (executionsIn(first.recordDir).includes('monitored:false') ? true : undefined), 10000);
    await first.kill();
    await new Promise((r) => setTimeout(r, 2500));

    const second = await startDevhostProcess({ taskHub: first.taskHub, recordDir: first.recordDir });
    hosts.push(second);
    await eventually(async () => (executionsIn(first.recordDir).includes('monitored:true') ? true : undefined), 10000);
  });
});
