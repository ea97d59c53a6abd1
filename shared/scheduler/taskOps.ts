import type { DurableClient } from 'durable-functions';
import { parseCronSchedule } from './cronSchedule';
import { runClientFrom } from './runClient';
import { runSchedulerTick, type TickSummary } from './schedulerTick';
import { schedulerSettings } from './schedulerSettings';
import { schedulerStore, type RunRecord, type TaskState } from './schedulerStore';
import { auditTask, notifyTaskFailed } from './taskNotices';
import { getTasks, type LoadedTasks } from './taskRegistry';
import { reconcileTask, startTaskRun, type StartResult, type TaskRunDeps } from './taskRuns';
import type { ScheduledTask } from './taskSchema';

/** How many runs `GET /api/tasks` shows per task. */
const RUNS_SHOWN = 5;

/** One task as `GET /api/tasks` shows it. */
interface TaskView {
  id: string;
  description: string;
  schedule: string;
  timeZone: string;
  format: ScheduledTask['format'];
  plan: string;
  origin: string;
  /** `scheduled`, or why it is not: `disabled` (file), `paused`, `failed` (consecutive failures), `ended` (maxRuns / endAt). */
  state: 'scheduled' | 'disabled' | 'paused' | 'failed' | 'ended';
  /** Next slot it will run at (null unless scheduled). */
  nextRun: string | null;
  consecutiveFailures: number;
  scheduledRuns: number;
  runningRun: string | null;
  lastRuns: RunRecord[];
}

/** The scheduler's dependencies on the app's storage, Durable client and destinations. */
function schedulerDeps(getClient: () => DurableClient, loaded: LoadedTasks, env: NodeJS.ProcessEnv = process.env): TaskRunDeps {
  return {
    store: schedulerStore(schedulerSettings.load(env), env),
    client: runClientFrom(getClient),
    onTaskFailed: (task, lastRunId, state, now) => notifyTaskFailed(task, loaded.plans[task.id]!, lastRunId, state, now, env),
  };
}

/** The timer's tick (and `POST /api/tasks/tick`): see {@link runSchedulerTick}. */
async function tickScheduler(getClient: () => DurableClient, now: Date, env: NodeJS.ProcessEnv = process.env): Promise<TickSummary> {
  const loaded = await getTasks(env);
  return runSchedulerTick(schedulerDeps(getClient, loaded, env), loaded, now);
}

function stateOf(task: ScheduledTask, state: TaskState, now: Date): TaskView['state'] {
  if (!task.enabled) return 'disabled';
  if (state.failed) return 'failed';
  if (state.paused) return 'paused';
  const next = parseCronSchedule(task.schedule, task.timeZone).next(now);
  if ((task.maxRuns !== undefined && state.scheduledRuns >= task.maxRuns) || (task.endAt !== undefined && next.getTime() > Date.parse(task.endAt))) return 'ended';
  return 'scheduled';
}

function viewOf(task: ScheduledTask, loaded: LoadedTasks, state: TaskState, runs: RunRecord[], now: Date): TaskView {
  const shown = stateOf(task, state, now);
  return {
    id: task.id,
    description: task.description,
    schedule: task.schedule,
    timeZone: task.timeZone,
    format: task.format,
    plan: loaded.plans[task.id]!.id,
    origin: loaded.origins[task.id] ?? 'bundled',
    state: shown,
    nextRun: shown === 'scheduled' ? parseCronSchedule(task.schedule, task.timeZone).next(now).toISOString() : null,
    consecutiveFailures: state.consecutiveFailures,
    scheduledRuns: state.scheduledRuns,
    runningRun: state.openRun ? state.openRun.slice(state.openRun.indexOf('-') + 1) : null,
    lastRuns: runs,
  };
}

/** `GET /api/tasks`: every task with its state, next run and latest runs. */
async function listTasks(env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<TaskView[]> {
  const loaded = await getTasks(env);
  const store = schedulerStore(schedulerSettings.load(env), env);
  return Promise.all(
    loaded.tasks.map(async (task) => {
      const [{ state }, runs] = await Promise.all([store.readTask(task.id), store.latestRuns(task.id, RUNS_SHOWN)]);
      return viewOf(task, loaded, state, runs, now);
    }),
  );
}

/** Finds a task by id; undefined when no task has it. */
async function findTask(taskId: string, env: NodeJS.ProcessEnv = process.env): Promise<{ task: ScheduledTask; loaded: LoadedTasks } | undefined> {
  const loaded = await getTasks(env);
  const task = loaded.tasks.find((t) => t.id === taskId);
  return task ? { task, loaded } : undefined;
}

/** `POST /api/tasks/{id}/run`: starts a run now (paused, failed and disabled tasks too); busy while one is going. */
async function runTaskNow(getClient: () => DurableClient, task: ScheduledTask, loaded: LoadedTasks, actor: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<StartResult> {
  const deps = schedulerDeps(getClient, loaded, env);
  await reconcileTask(deps, task, now);
  const result = await startTaskRun(deps, task, loaded.plans[task.id]!, now, 'manual', now);
  if (result.kind === 'started') await auditTask(task.id, { type: 'human', id: actor }, `run ${result.instanceId} started by hand`, { run: result.instanceId }, now);
  return result;
}

/**
 * `POST /api/tasks/{id}/pause` and `/resume`. Pausing stops scheduled runs (slots while paused are
 * not run, not even the latest on resume); resuming also clears a failed mark and the failure count.
 */
async function setTaskPaused(task: ScheduledTask, paused: boolean, actor: string, env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<TaskState> {
  const store = schedulerStore(schedulerSettings.load(env), env);
  const state = await store.updateTask(task.id, (s) => (paused ? { ...s, paused: true } : { ...s, paused: false, failed: false, consecutiveFailures: 0 }), now);
  await auditTask(task.id, { type: 'human', id: actor }, `task ${paused ? 'paused' : 'resumed'}`, {}, now);
  return state;
}

/** For `/api/health`: the time the last tick covered and how long ago a tick ran (null before the first). */
async function schedulerHealth(env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<{ lastTick: string | null; lagSeconds: number | null }> {
  const tick = await schedulerStore(schedulerSettings.load(env), env).readTick();
  if (!tick) return { lastTick: null, lagSeconds: null };
  return { lastTick: tick.state.lastTick, lagSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(tick.state.tickedAt)) / 1000)) };
}

export { tickScheduler, listTasks, findTask, runTaskNow, setTaskPaused, schedulerHealth };
export type { TaskView };
