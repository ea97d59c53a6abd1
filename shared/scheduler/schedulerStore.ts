import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isStorageStatus, storageCall } from '../ingestion/storageCalls';
import { resolveStorageConnection, tableClient, tableReadiness, type StorageReadiness } from '../storage';
import type { SchedulerSettings } from './schedulerSettings';

/**
 * The scheduler's state in one table (`SCHEDULER_TABLE`):
 * - `scheduler` / `tick`: the time the last tick covered up to, and when it ran;
 * - `task` / `<task id>`: paused, failed, consecutive failures, scheduled runs so far, the open run;
 * - `run-<task id>` / `<inverted slot time>-<instance id>`: one row per run or skipped slot,
 *   newest first. Creating this row is the claim on the slot: it exists once, whoever ticks.
 */

const tickStateSchema = z.object({ lastTick: z.string(), tickedAt: z.string() });

const taskStateSchema = z.object({
  paused: z.boolean().default(false),
  failed: z.boolean().default(false),
  consecutiveFailures: z.number().int().nonnegative().default(0),
  scheduledRuns: z.number().int().nonnegative().default(0),
  /** Row key of the run still going, '' when none. */
  openRun: z.string().default(''),
  updatedAt: z.string().default(''),
});

const RUN_STATUSES = ['starting', 'running', 'skipped', 'healthy', 'problem', 'inconclusive', 'failed'] as const;

const runRecordSchema = z.object({
  instanceId: z.string(),
  /** The scheduled time (or the request time of a run-now). */
  slot: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(RUN_STATUSES),
  /** Why it was skipped or failed, or the report summary. */
  detail: z.string().default(''),
  /** Earlier slots of the same window not run (downtime: only the latest runs). */
  missedSlots: z.number().int().nonnegative().default(0),
  startedAt: z.string().default(''),
  finishedAt: z.string().default(''),
});

type TickState = z.infer<typeof tickStateSchema>;
type TaskState = z.infer<typeof taskStateSchema>;
type RunRecord = z.infer<typeof runRecordSchema>;
type RunStatus = RunRecord['status'];

const TICK_KEY = { partitionKey: 'scheduler', rowKey: 'tick' } as const;
const MAX_TIME = 9_999_999_999_999;

/** Row key of a run: newest first, then the instance id (unique per slot). */
function runRowKey(slot: Date, instanceId: string): string {
  return `${String(MAX_TIME - slot.getTime()).padStart(13, '0')}-${instanceId}`;
}

const runPartition = (taskId: string): string => `run-${taskId}`;

function pick<T extends z.ZodType>(schema: T, entity: Record<string, unknown>): z.infer<T> {
  return schema.parse(Object.fromEntries(Object.entries(entity).filter(([key]) => !['partitionKey', 'rowKey', 'timestamp', 'etag', 'odata.metadata'].includes(key))));
}

/** Table access of the scheduler; every write that races another instance is conditional. */
class SchedulerStore {
  /** The table is created on first use and checked again after any failure (storageReadiness.ts). */
  private readonly readiness: StorageReadiness;

  public constructor(private readonly table: TableClient) {
    this.readiness = tableReadiness(table);
  }

  public async readTick(): Promise<{ state: TickState; etag: string } | undefined> {
    return this.read(TICK_KEY.partitionKey, TICK_KEY.rowKey, tickStateSchema);
  }

  /** Moves the last tick forward to `lastTick` (never back); true when this call moved it. */
  public async advanceTick(lastTick: Date, tickedAt: Date): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.readTick();
      if (current && Date.parse(current.state.lastTick) >= lastTick.getTime()) return false;
      const entity = { ...TICK_KEY, lastTick: lastTick.toISOString(), tickedAt: tickedAt.toISOString() };
      try {
        await storageCall('recording the scheduler tick', () => (current ? this.table.updateEntity(entity, 'Replace', { etag: current.etag }) : this.table.createEntity(entity)), [409, 412]);
        return true;
      } catch (error) {
        if (!isStorageStatus(error, 409, 412)) throw error;
      }
    }
    return false;
  }

  public async readTask(taskId: string): Promise<{ state: TaskState; etag?: string }> {
    return (await this.read('task', taskId, taskStateSchema)) ?? { state: taskStateSchema.parse({}) };
  }

  /** Read-modify-write of a task's state with optimistic concurrency (retried on a lost race). */
  public async updateTask(taskId: string, change: (state: TaskState) => TaskState, now: Date): Promise<TaskState> {
    for (let attempt = 0; ; attempt++) {
      const { state, etag } = await this.readTask(taskId);
      const next = { ...change({ ...state }), updatedAt: now.toISOString() };
      const entity = { partitionKey: 'task', rowKey: taskId, ...next };
      try {
        await storageCall('recording the task state', () => (etag ? this.table.updateEntity(entity, 'Replace', { etag }) : this.table.createEntity(entity)), [409, 412]);
        return next;
      } catch (error) {
        if (!isStorageStatus(error, 409, 412) || attempt >= 10) throw error;
      }
    }
  }

  /** Creates a run row; false when the slot was already claimed (by another tick or instance). */
  public async claimRun(taskId: string, rowKey: string, run: RunRecord): Promise<boolean> {
    try {
      await this.readiness.run(() => storageCall('claiming a task slot', () => this.table.createEntity({ partitionKey: runPartition(taskId), rowKey, ...run }), [409]));
      return true;
    } catch (error) {
      if (isStorageStatus(error, 409)) return false;
      throw error;
    }
  }

  public async readRun(taskId: string, rowKey: string): Promise<{ run: RunRecord; updatedAt: Date } | undefined> {
    try {
      const entity = await this.readiness.run(() => storageCall('reading a task run', () => this.table.getEntity<Record<string, unknown>>(runPartition(taskId), rowKey), [404]));
      return { run: pick(runRecordSchema, entity), updatedAt: new Date(String(entity.timestamp ?? 0)) };
    } catch (error) {
      if (isStorageStatus(error, 404)) return undefined;
      throw error;
    }
  }

  public async updateRun(taskId: string, rowKey: string, change: Partial<RunRecord>): Promise<void> {
    await storageCall('recording a task run', () => this.table.updateEntity({ partitionKey: runPartition(taskId), rowKey, ...change }, 'Merge'));
  }

  /** The newest runs of a task, newest first. */
  public async latestRuns(taskId: string, count: number): Promise<RunRecord[]> {
    return this.readiness.run(() => storageCall('listing task runs', async () => {
      const runs: RunRecord[] = [];
      const pages = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${runPartition(taskId)}` } }).byPage({ maxPageSize: count });
      for await (const page of pages) {
        for (const entity of page) if (runs.length < count) runs.push(pick(runRecordSchema, entity));
        break;
      }
      return runs;
    }));
  }

  private async read<T extends z.ZodType>(partitionKey: string, rowKey: string, schema: T): Promise<{ state: z.infer<T>; etag: string } | undefined> {
    try {
      const entity = await this.readiness.run(() => storageCall('reading the scheduler state', () => this.table.getEntity<Record<string, unknown>>(partitionKey, rowKey), [404]));
      return { state: pick(schema, entity), etag: String(entity.etag) };
    } catch (error) {
      if (isStorageStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

const stores = new Map<string, SchedulerStore>();

/** The store for these settings, shared by the invocations of a process. */
function schedulerStore(settings: SchedulerSettings, env: NodeJS.ProcessEnv = process.env): SchedulerStore {
  let store = stores.get(settings.SCHEDULER_TABLE);
  if (!store) {
    store = new SchedulerStore(tableClient(resolveStorageConnection(env), settings.SCHEDULER_TABLE));
    stores.set(settings.SCHEDULER_TABLE, store);
  }
  return store;
}

export { SchedulerStore, schedulerStore, runRowKey, RUN_STATUSES };
export type { TickState, TaskState, RunRecord, RunStatus };
