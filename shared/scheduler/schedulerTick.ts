import { parseCronSchedule } from './cronSchedule';
import { reconcileTask, startTaskRun, type StartResult, type TaskRunDeps } from './taskRuns';
import type { LoadedTasks } from './taskRegistry';

/** The first tick ever looks back this far, so a slot in the minute the scheduler starts is not lost. */
const FIRST_TICK_LOOKBACK_MS = 60_000;

/** What one tick did, for the log line of the timer and the ops tick. */
interface TickSummary {
  /** The window the tick covered: slots in `(from, to]` were due. */
  from: string;
  to: string;
  started: string[];
  /** Slots skipped because the previous run was still going. */
  skipped: string[];
  /** Tasks whose run could not be started (the error is on the run record). */
  errors: Array<{ taskId: string; message: string }>;
}

/**
 * One scheduler tick at `now`. The slots due are those in `(last tick, now]`; for each enabled
 * task that is neither paused nor failed, the latest due slot runs once (earlier ones in the
 * same window are missed slots, counted on the run: after downtime a task runs once, not once
 * per missed slot). Before that, each task's open run is followed up (outcome, failures). The
 * last tick then moves to `now`, never backwards, so a tick at an earlier time finds nothing.
 *
 * Safe to run concurrently and repeatedly: a slot is claimed by creating its run row, and its
 * instance id is derived from it.
 */
async function runSchedulerTick(deps: TaskRunDeps, loaded: LoadedTasks, now: Date): Promise<TickSummary> {
  const tick = await deps.store.readTick();
  const from = tick ? new Date(tick.state.lastTick) : new Date(now.getTime() - FIRST_TICK_LOOKBACK_MS);
  const summary: TickSummary = { from: from.toISOString(), to: now.toISOString(), started: [], skipped: [], errors: [] };
  for (const task of loaded.tasks) {
    try {
      const state = await reconcileTask(deps, task, now);
      if (!task.enabled || state.paused || state.failed) continue;
      const schedule = parseCronSchedule(task.schedule, task.timeZone);
      const slot = schedule.latestIn(from, now);
      if (!slot) continue;
      if (task.endAt !== undefined && slot.getTime() > Date.parse(task.endAt)) continue;
      if (task.maxRuns !== undefined && state.scheduledRuns >= task.maxRuns) continue;
      const result: StartResult = await startTaskRun(deps, task, loaded.plans[task.id]!, slot, 'schedule', now, schedule.countIn(from, now) - 1);
      if (result.kind === 'started') summary.started.push(result.instanceId);
      if (result.kind === 'busy') summary.skipped.push(result.instanceId);
    } catch (error) {
      summary.errors.push({ taskId: task.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  await deps.store.advanceTick(now, new Date());
  return summary;
}

export { runSchedulerTick, FIRST_TICK_LOOKBACK_MS };
export type { TickSummary };
