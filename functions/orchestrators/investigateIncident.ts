import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import {
  IncidentResolvedEventSchema,
  IncidentSignalEventSchema,
  IncidentUpdatedEventSchema,
  InvestigationEvents,
  InvestigationInputSchema,
  OrchestratorNames,
} from '../../shared/durable';

/**
 * One investigation per incident group. This first version records the incident and every
 * signal, update and resolve that reaches it (visible in the custom status) until the source
 * resolves it; the investigation pipeline replaces the waiting loop without changing the
 * input or the events it accepts.
 */
const investigateIncidentOrchestrator: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = InvestigationInputSchema.parse(context.df.getInput());
  const status = { phase: 'recorded', incidentId: input.incident.externalId, signals: 1, updates: 0, resolvedAt: null as string | null };
  context.df.setCustomStatus(status);
  while (status.resolvedAt === null) {
    const signal = context.df.waitForExternalEvent(InvestigationEvents.signal);
    const update = context.df.waitForExternalEvent(InvestigationEvents.updated);
    const resolved = context.df.waitForExternalEvent(InvestigationEvents.resolved);
    const winner = yield context.df.Task.any([signal, update, resolved]);
    if (winner === signal) {
      IncidentSignalEventSchema.parse(signal.result);
      status.signals++;
    } else if (winner === update) {
      IncidentUpdatedEventSchema.parse(update.result);
      status.updates++;
    } else {
      status.resolvedAt = IncidentResolvedEventSchema.parse(resolved.result).resolvedAt;
      status.phase = 'resolved';
    }
    context.df.setCustomStatus(status);
  }
  return status;
};

df.app.orchestration(OrchestratorNames.investigateIncident, investigateIncidentOrchestrator);

export { investigateIncidentOrchestrator };
