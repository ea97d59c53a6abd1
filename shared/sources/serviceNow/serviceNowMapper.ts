import { buildIncident, keySegment, severityFromServiceNow, type GroupKeyField, type Incident, type IncidentStatus } from '../../incident';
import { incidentRefOf, type IngestOutcome } from '../sourceAdapter';
import type { ServiceNowIncidentEvent } from './serviceNowSchema';

/** Options for {@link mapServiceNowEvent}. */
interface ServiceNowMapOptions {
  groupKeyFields: readonly GroupKeyField[];
  rawPayloadRef?: string | null;
}

const RESOLVED_STATES = new Set(['6', '7', '8']);

/** 1 New → firing; 6 Resolved, 7 Closed, 8 Canceled → resolved; anything else (In Progress, On Hold, custom) → acknowledged. */
function statusOf(state: string): IncidentStatus {
  if (RESOLVED_STATES.has(state)) return 'resolved';
  return state === '1' ? 'firing' : 'acknowledged';
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Maps one business-rule event: `incident.created` → `incident`; an update to state 6/7/8 →
 * `resolve`; any other update → `update` with a full snapshot. The dedupe key is sys_id plus
 * `sys_mod_count` (or `sys_updated_on`), so a retried POST of the same version dedupes.
 */
function mapServiceNowEvent(event: ServiceNowIncidentEvent, options: ServiceNowMapOptions): IngestOutcome {
  const status = statusOf(event.state);
  const version = present(event.sys_mod_count) ?? event.sys_updated_on;
  const priority = present(event.priority);
  const externalIds: Record<string, string> = { sysId: event.sys_id, number: event.number };
  const custom: Record<string, string> = {};
  for (const key of ['assignment_group_display', 'assigned_to_display', 'cmdb_ci_display', 'business_service_display', 'close_code'] as const) {
    const value = present(event[key]);
    if (value !== undefined) custom[key.replace(/_display$/, '')] = value;
  }
  const incident: Incident = buildIncident(
    {
      source: 'servicenow',
      externalId: event.sys_id,
      externalIds,
      title: `${event.number}: ${event.short_description}`,
      description: present(event.description) ?? '',
      severity: severityFromServiceNow(priority, present(event.impact), present(event.urgency)),
      sourceSeverity: priority ? `priority ${priority}` : null,
      status,
      firedAt: present(event.opened_at) ?? event.sys_updated_on,
      resolvedAt: status === 'resolved' ? (present(event.resolved_at) ?? event.sys_updated_on) : null,
      resources: [],
      rule: null,
      service: present(event.business_service_display) ?? present(event.cmdb_ci_display) ?? null,
      correlationId: present(event.correlation_id) ?? null,
      signal: {
        type: event.event,
        details: {
          state: event.state,
          stateDisplay: event.state_display ?? null,
          changedFields: event.changed_fields,
          updatedBy: event.sys_updated_by,
          closeNotes: present(event.close_notes) ?? null,
        },
      },
      links: [
        {
          rel: 'source',
          url: `https://${event.instance}.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${event.sys_id}`,
          title: `ServiceNow ${event.number}`,
        },
      ],
      customProperties: custom,
      dedupeKey: `servicenow:${event.sys_id}:${keySegment(version)}`,
    },
    options,
  );
  if (event.event === 'incident.created' && status !== 'resolved') return { kind: 'incident', deliveryId: incident.dedupeKey, incident };
  if (status === 'resolved') return { kind: 'resolve', deliveryId: incident.dedupeKey, incident };
  return {
    kind: 'update',
    deliveryId: incident.dedupeKey,
    ref: incidentRefOf(incident),
    incident,
    change: {
      event: event.event,
      occurredAt: event.sys_updated_on,
      summary: `${event.changed_fields.length > 0 ? event.changed_fields.join(', ') : 'record'} changed by ${event.sys_updated_by}`,
      actor: event.sys_updated_by,
      status,
      severity: incident.severity,
    },
  };
}

export { mapServiceNowEvent };
export type { ServiceNowMapOptions };
