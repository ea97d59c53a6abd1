import type { Plan } from '../plans/planSchema';
import { investigationStatusSchema } from '../investigation/investigationStatus';
import type { RunClient } from './runClient';
import { runOutcome } from './runOutcome';
import { runRowKey, type RunStatus, type SchedulerStore, type TaskState } from './schedulerStore';
import { taskRunInput, taskRunInstanceId } from './taskRun';
import type { ScheduledTask } from './taskSchema';

/** Consecutive failed runs after which a task is marked failed and stops running until resumed. */
const FAILURES_BEFORE_FAILED = 3;

/** A claim still `starting` after this long belongs to a tick that died before it started the run. */
const STALE_CLAIM_MS = 2 * 60_000;

/** Runtime statuses of a run that is still going. */
const GOING = ['Pending', 'Running', 'Suspended', 'ContinuedAsNew'];

/** What starting and following runs needs. */
interface TaskRunDeps {
  store: SchedulerStore;
  client: RunClient;
  /** Told once when a task is marked failed (audit and the task's destinations). */
  onTaskFailed(task: ScheduledTask, lastRunId: string, state: TaskState, now: Date): Promise<void>;
}

/** What became of a slot. */
type StartResult =
  | { kind: 'started'; instanceId: string }
  /** The previous run is still going: the slot is recorded as skipped (a run-now is refused). */
  | { kind: 'busy'; instanceId: string; runningId: string }
  /** Another tick (or instance) claimed this slot first. */
  | { kind: 'claimed'; instanceId: string };

const instanceOf = (rowKey: string): string => rowKey.slice(rowKey.indexOf('-') + 1);

/**
 * Starts the run of `task` for `slot`, at most once per slot: creating the run row is the
 * claim, and only its creator starts the instance (whose id is derived from the slot). A claim
 * left `starting` by a tick that died is taken over after {@link STALE_CLAIM_MS}. While the
 * task's previous run is going, a scheduled slot is recorded as skipped and a run-now refused.
 */
async function startTaskRun(deps: TaskRunDeps, task: ScheduledTask, plan: Plan, slot: Date, trigger: 'schedule' | 'manual', now: Date, missedSlots = 0): Promise<StartResult> {
  const { store, client } = deps;
  const instanceId = taskRunInstanceId(task.id, slot, trigger);
  const rowKey = runRowKey(slot, instanceId);
  const { state } = await store.readTask(task.id);
  const base = { instanceId, slot: slot.toISOString(), trigger, missedSlots, startedAt: now.toISOString(), finishedAt: '' };
  if (state.openRun) {
    const runningId = instanceOf(state.openRun);
    if (trigger === 'schedule') await store.claimRun(task.id, rowKey, { ...base, status: 'skipped', detail: `the previous run ${runningId} was still going`, finishedAt: now.toISOString() });
    return { kind: 'busy', instanceId, runningId };
  }
  if (!(await store.claimRun(task.id, rowKey, { ...base, status: 'starting', detail: '' }))) {
    const existing = await store.readRun(task.id, rowKey);
    const stale = existing?.run.status === 'starting' && now.getTime() - existing.updatedAt.getTime() > STALE_CLAIM_MS;
    if (!stale || (await client.describe(instanceId))) return { kind: 'claimed', instanceId };
  }
  await store.updateTask(task.id, (s) => ({ ...s, openRun: rowKey, scheduledRuns: s.scheduledRuns + (trigger === 'schedule' ? 1 : 0) }), now);
  try {
    await client.start(instanceId, taskRunInput(task, plan, slot, instanceId, trigger));
  } catch (error) {
    // Not started: a failed run like any other (it counts towards marking the task failed).
    await finishRun(deps, task, rowKey, 'failed', `the run could not be started: ${error instanceof Error ? error.message : String(error)}`, now);
    throw error;
  }
  await store.updateRun(task.id, rowKey, { status: 'running' });
  return { kind: 'started', instanceId };
}

/**
 * Follows the task's open run: when it has ended, records its outcome (healthy, problem,
 * inconclusive from the verdicts; failed when it failed, was terminated or vanished), counts
 * consecutive failures, and marks the task failed at {@link FAILURES_BEFORE_FAILED}.
 */
async function reconcileTask(deps: TaskRunDeps, task: ScheduledTask, now: Date): Promise<TaskState> {
  const { state } = await deps.store.readTask(task.id);
  if (!state.openRun) return state;
  const described = await deps.client.describe(instanceOf(state.openRun));
  if (described && GOING.includes(described.runtimeStatus)) return state;
  if (!described) {
    const run = await deps.store.readRun(task.id, state.openRun);
    // Being started by a tick right now.
    if (run?.run.status === 'starting' && now.getTime() - run.updatedAt.getTime() <= STALE_CLAIM_MS) return state;
  }
  if (described?.runtimeStatus === 'Completed') {
    const status = investigationStatusSchema.safeParse(described.customStatus);
    const verdicts = status.success ? status.data.hypotheses.map((h) => h.verdict) : [];
    const summary = (described.output as { summary?: unknown } | null)?.summary;
    return finishRun(deps, task, state.openRun, runOutcome(verdicts), typeof summary === 'string' ? summary : '', now);
  }
  return finishRun(deps, task, state.openRun, 'failed', described ? `the run ended ${described.runtimeStatus.toLowerCase()}` : 'the run has no Durable instance', now);
}

async function finishRun(deps: TaskRunDeps, task: ScheduledTask, rowKey: string, outcome: RunStatus, detail: string, now: Date): Promise<TaskState> {
  await deps.store.updateRun(task.id, rowKey, { status: outcome, detail: detail.slice(0, 2000), finishedAt: now.toISOString() });
  let markedFailed = false;
  const next = await deps.store.updateTask(
    task.id,
    (s) => {
      markedFailed = false;
      // Another instance finished this run first.
      if (s.openRun !== rowKey) return s;
      const failures = outcome === 'failed' ? s.consecutiveFailures + 1 : 0;
      markedFailed = !s.failed && failures >= FAILURES_BEFORE_FAILED;
      return { ...s, openRun: '', consecutiveFailures: failures, failed: s.failed || markedFailed };
    },
    now,
  );
  if (markedFailed) await deps.onTaskFailed(task, instanceOf(rowKey), next, now);
  return next;
}

export { startTaskRun, reconcileTask, FAILURES_BEFORE_FAILED, STALE_CLAIM_MS };
export type { TaskRunDeps, StartResult };
