import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { tickScheduler } from '../../shared/scheduler';

/**
 * Every minute: starts the scheduled tasks whose slots came due since the last tick, once per
 * slot, and follows up their runs (docs/tasks.md). One timer for every task, since schedules come
 * from files; a past-due or repeated tick starts nothing twice.
 */
async function taskSchedulerHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  const summary = await tickScheduler(() => df.getClient(context), new Date());
  if (summary.started.length + summary.skipped.length + summary.errors.length > 0) context.log('scheduler tick', summary);
  for (const { taskId, message } of summary.errors) context.error(`scheduled task ${taskId}: ${message}`);
}

app.timer('taskScheduler', { schedule: '0 * * * * *', extraInputs: [df.input.durableClient()], handler: taskSchedulerHandler });

export { taskSchedulerHandler };
