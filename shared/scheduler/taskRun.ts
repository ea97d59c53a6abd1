import { InvestigationInputSchema, type InvestigationInput } from '../durable';
import { IncidentSchema, parseArmResourceIds, type Incident } from '../incident';
import type { Plan } from '../plans/planSchema';
import { slotKey } from './cronSchedule';
import type { ScheduledTask } from './taskSchema';

/**
 * Durable instance id of a scheduled run: `task-<id>-<yyyyMMddHHmm>` (the slot in UTC), the same
 * whoever computes it, so a slot maps to one instance. A run-now adds seconds and `-now`.
 */
function taskRunInstanceId(taskId: string, slot: Date, trigger: 'schedule' | 'manual'): string {
  return trigger === 'schedule' ? `task-${taskId}-${slotKey(slot)}` : `task-${taskId}-${slotKey(slot)}${String(slot.getUTCSeconds()).padStart(2, '0')}-now`;
}

/**
 * The incident a run investigates: source `schedule`, fired at the slot, about the task's
 * targets (resources, service, host), so plan matching, target resolution and templates work as
 * for an alert. It stands for "the check is due", not for anything known to be wrong.
 */
function taskIncident(task: ScheduledTask, slot: Date, instanceId: string, trigger: 'schedule' | 'manual'): Incident {
  return IncidentSchema.parse({
    schemaVersion: 1,
    source: 'schedule',
    externalId: instanceId,
    externalIds: { taskId: task.id },
    title: `Scheduled task ${task.id}: ${task.description}`,
    description: task.description,
    severity: task.severity,
    sourceSeverity: null,
    status: 'firing',
    firedAt: slot.toISOString(),
    resolvedAt: null,
    resources: parseArmResourceIds(task.targets.resources),
    rule: { name: `task ${task.id}`, id: null },
    service: task.targets.service ?? null,
    correlationId: null,
    signal: { type: 'scheduled-task', details: { taskId: task.id, schedule: task.schedule, timeZone: task.timeZone, slot: slot.toISOString(), trigger } },
    links: [],
    customProperties: task.targets.host ? { host: task.targets.host } : {},
    dedupeKey: `schedule|${task.id}|${slotKey(slot)}`,
    groupKey: `schedule|${task.id}`,
    investigationKey: instanceId,
    rawPayloadRef: null,
  });
}

/** The orchestration input of one run: the synthetic incident, the task's plan, and the task. */
function taskRunInput(task: ScheduledTask, plan: Plan, slot: Date, instanceId: string, trigger: 'schedule' | 'manual'): InvestigationInput {
  return InvestigationInputSchema.parse({
    schemaVersion: 1,
    incident: taskIncident(task, slot, instanceId, trigger),
    trigger: 'schedule',
    plan,
    task: { id: task.id, slot: slot.toISOString(), postWhenHealthy: task.postWhenHealthy },
  });
}

export { taskRunInstanceId, taskIncident, taskRunInput };
