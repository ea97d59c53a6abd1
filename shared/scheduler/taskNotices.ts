import { createDeliveryLedger, runWriteBack, type DeliveryLedger } from '../destinations';
import { governanceServices } from '../governance/governanceServices';
import { destinationRegistry, planDelivery } from '../investigation/deliveryPlan';
import type { Plan } from '../plans/planSchema';
import type { TaskState } from './schedulerStore';
import { taskIncident } from './taskRun';
import type { ScheduledTask } from './taskSchema';

/** The audit stream of a task's own state changes (its runs have their own). */
function taskAuditId(taskId: string): string {
  return `task-${taskId}`;
}

/** Appends one `task` record to the task's audit stream. */
async function auditTask(taskId: string, actor: { type: 'system' | 'human'; id: string }, summary: string, details: Record<string, unknown>, now: Date): Promise<void> {
  await governanceServices().auditLog.append({ at: now.toISOString(), investigationId: taskAuditId(taskId), kind: 'task', actor, summary, details });
}

let ledger: DeliveryLedger | undefined;

/**
 * Tells the audit log and the task's destinations that the task was marked failed. The message
 * goes through the same write-back path as reports (redaction, idempotency ledger keyed by the
 * last run and the step, so a repeated notice is not posted twice); a destination outage is
 * recorded in the audit log, never thrown.
 */
async function notifyTaskFailed(task: ScheduledTask, plan: Plan, lastRunId: string, state: TaskState, now: Date, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const title = `Scheduled task ${task.id} failed ${state.consecutiveFailures} runs in a row and stopped until resumed: ${task.description}`;
  await auditTask(task.id, { type: 'system', id: 'scheduler' }, title, { lastRun: lastRunId, consecutiveFailures: state.consecutiveFailures }, now);
  const incident = { ...taskIncident(task, now, lastRunId, 'schedule'), title };
  const delivery = planDelivery(plan, incident, env, []);
  ledger ??= createDeliveryLedger(env);
  const { redactor, auditLog } = governanceServices(env);
  for (const destination of delivery.destinations) {
    const message = {
      schemaVersion: 1,
      kind: 'task-failed',
      investigationId: lastRunId,
      incident,
      links: { report: `${delivery.baseUrl}/api/tasks` },
      mode: plan.mode,
      planActions: delivery.planActions,
      occurredAt: now.toISOString(),
    };
    const result = await runWriteBack(redactor.redactDeep({ schemaVersion: 1, destination, step: 'task-failed', message }), destinationRegistry(), ledger);
    await auditLog.append({
      at: now.toISOString(),
      investigationId: taskAuditId(task.id),
      kind: 'write_back',
      actor: { type: 'system', id: result.destination },
      summary: `${result.destination} ${result.status}${result.error ? `: ${result.error.message}` : ''}`,
      details: { idempotencyKey: result.idempotencyKey, status: result.status },
    });
  }
}

export { notifyTaskFailed, auditTask, taskAuditId };
