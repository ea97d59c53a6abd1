import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { InvestigationInput } from '../../../shared/durable';
import { planSchema } from '../../../shared/plans/planSchema';
import type { RunClient } from '../../../shared/scheduler/runClient';
import { runSchedulerTick } from '../../../shared/scheduler/schedulerTick';
import { SchedulerStore } from '../../../shared/scheduler/schedulerStore';
import { parseTaskFile } from '../../../shared/scheduler/parseTaskFile';
import type { LoadedTasks } from '../../../shared/scheduler/taskRegistry';

/** Durable as the scheduler sees it: instances it started, each finishing when the test says. */
function recordingClient(): RunClient & { inputs: Map<string, InvestigationInput>; finish(id: string, runtimeStatus: string): void } {
  const statuses = new Map<string, string>();
  const inputs = new Map<string, InvestigationInput>();
  return {
    inputs,
    finish: (id, runtimeStatus) => statuses.set(id, runtimeStatus),
    start: async (id, input) => {
      if (statuses.has(id)) return 'exists';
      statuses.set(id, 'Running');
      inputs.set(id, input);
      return 'started';
    },
    describe: async (id) => (statuses.has(id) ? { runtimeStatus: statuses.get(id)!, customStatus: null, output: null } : undefined),
  };
}

function tasksOf(...files: string[]): LoadedTasks {
  const plan = planSchema.parse({ id: 'p', title: 'P', hypotheses: [{ id: 'h', title: 'H', guidance: 'g', rootCauseCategory: 'other' }] });
  const tasks = files.map((text, index) => parseTaskFile(`t${index}.yaml`, text));
  return { tasks, origins: {}, plans: Object.fromEntries(tasks.map((task) => [task.id, plan])) };
}

const hourly = (id: string, extra = ''): string => `id: ${id}\ndescription: Hourly\nschedule: "0 * * * *"\nplan: p\n${extra}`;

describe('runSchedulerTick', () => {
  let store: SchedulerStore;

  beforeEach(() => {
    store = new SchedulerStore(TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, `Tick${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true }));
  });

  it('after downtime runs only the latest missed slot and counts the others', async () => {
    // Prepare
    const client = recordingClient();
    const deps = { store, client, onTaskFailed: async () => undefined };
    const loaded = tasksOf(hourly('catch-up'));
    await runSchedulerTick(deps, loaded, new Date('2026-03-02T07:30:00Z'));

    // Act: the next tick comes five hours later
    const summary = await runSchedulerTick(deps, loaded, new Date('2026-03-02T12:10:00Z'));

    // Assess
    expect(summary.started).toEqual(['task-catch-up-202603021200']);
    expect((await store.latestRuns('catch-up', 5)).map((r) => [r.instanceId, r.missedSlots])).toEqual([['task-catch-up-202603021200', 4]]);
    expect(client.inputs.get('task-catch-up-202603021200')?.incident).toMatchObject({ source: 'schedule', firedAt: '2026-03-02T12:00:00.000Z' });
  });

  it('stops at maxRuns and after endAt, and finds nothing for a tick earlier than the last', async () => {
    // Prepare
    const client = recordingClient();
    const deps = { store, client, onTaskFailed: async () => undefined };
    const loaded = tasksOf(hourly('limited', 'maxRuns: 1\n'), hourly('ending', 'endAt: 2026-03-02T09:30:00Z\n'));
    await runSchedulerTick(deps, loaded, new Date('2026-03-02T07:59:00Z'));
    const first = await runSchedulerTick(deps, loaded, new Date('2026-03-02T08:01:00Z'));
    client.finish('task-limited-202603020800', 'Completed');
    client.finish('task-ending-202603020800', 'Completed');

    // Act
    const second = await runSchedulerTick(deps, loaded, new Date('2026-03-02T09:01:00Z'));
    client.finish('task-ending-202603020900', 'Completed');
    const third = await runSchedulerTick(deps, loaded, new Date('2026-03-02T10:01:00Z'));
    const backwards = await runSchedulerTick(deps, loaded, new Date('2026-03-02T08:01:00Z'));

    // Assess
    expect(first.started.sort()).toEqual(['task-ending-202603020800', 'task-limited-202603020800']);
    expect(second.started).toEqual(['task-ending-202603020900']);
    expect(third.started).toEqual([]);
    expect(backwards.started).toEqual([]);
    expect((await store.readTick())?.state.lastTick).toBe('2026-03-02T10:01:00.000Z');
  });
});
