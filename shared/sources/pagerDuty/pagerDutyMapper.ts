import { ValidationError } from '../../errors';
import { buildIncident, buildGroupKey, investigationKey, keySegment, severityFromPagerDuty, type Incident, type IncidentStatus } from '../../incident';
import { parseWithSchema } from '../parseBody';
import type { IncidentRef, IngestOutcome } from '../sourceAdapter';
import { PagerDutyIncidentChildDataSchema, PagerDutyIncidentDataSchema, type PagerDutyIncidentData, type PagerDutyWebhook } from './pagerDutySchema';

/** Event types whose `data` is the incident itself. */
const INCIDENT_DATA_EVENTS = new Set([
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.escalated',
  'incident.delegated',
  'incident.reassigned',
  'incident.priority_updated',
  'incident.service_updated',
  'incident.incident_type.changed',
]);

/** Event types whose `data` is a sub-resource referencing the incident. */
const INCIDENT_CHILD_EVENTS = new Set([
  'incident.annotated',
  'incident.responder.added',
  'incident.responder.replied',
  'incident.status_update_published',
  'incident.conference_bridge.updated',
  'incident.custom_field_values.updated',
  'incident.role.assigned',
  'incident.task.created',
  'incident.task.updated',
  'incident.task.completed',
  'incident.action_invocation.created',
  'incident.action_invocation.updated',
  'incident.action_invocation.terminated',
  'incident.workflow.started',
  'incident.workflow.completed',
]);

/** Documented event types about services: well-formed, but nothing to investigate. */
const IGNORED_EVENTS = new Set(['service.created', 'service.updated', 'service.deleted', 'service.custom_field_values.updated']);

// PagerDuty groups alerts into incidents already; the incident id is the investigation identity.
const GROUP_FIELDS = ['externalId'] as const;

const STATUS: Record<PagerDutyIncidentData['status'], IncidentStatus> = {
  triggered: 'firing',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

/** Options for {@link mapPagerDutyEvent}. */
interface PagerDutyMapOptions {
  /** `X-Webhook-Id` (identical across retries); the event id when the header is absent. */
  deliveryId: string;
  rawPayloadRef?: string | null;
}

function refFor(incidentId: string, dedupeKey: string): IncidentRef {
  const groupKey = buildGroupKey({ source: 'pagerduty', externalId: incidentId, title: '', resources: [], rule: null, service: null, correlationId: null }, GROUP_FIELDS);
  return { source: 'pagerduty', externalId: incidentId, dedupeKey, groupKey, investigationKey: investigationKey('pagerduty', groupKey) };
}

function incidentFrom(webhook: PagerDutyWebhook, data: PagerDutyIncidentData, dedupeKey: string, rawPayloadRef: string | null): Incident {
  const { event } = webhook;
  const externalIds: Record<string, string> = { incidentId: data.id };
  if (typeof data.number === 'number') externalIds.number = String(data.number);
  if (data.incident_key) externalIds.incidentKey = data.incident_key;
  const priority = data.priority?.summary ?? null;
  return buildIncident(
    {
      source: 'pagerduty',
      externalId: data.id,
      externalIds,
      title: data.title,
      description: '',
      severity: severityFromPagerDuty(priority, data.urgency),
      sourceSeverity: `${priority ?? 'no priority'}/${data.urgency ?? 'unknown urgency'}`,
      status: STATUS[data.status],
      firedAt: data.created_at,
      resolvedAt: data.status === 'resolved' ? event.occurred_at : null,
      resources: [],
      rule: null,
      service: data.service?.summary ?? null,
      correlationId: data.incident_key ?? null,
      signal: {
        type: event.event_type,
        details: {
          eventId: event.id,
          service: data.service ?? null,
          escalationPolicy: data.escalation_policy ?? null,
          assignees: data.assignees ?? [],
          teams: data.teams ?? [],
          priority: data.priority ?? null,
          urgency: data.urgency ?? null,
          agent: event.agent ?? null,
          client: event.client?.name ?? null,
        },
      },
      links: data.html_url ? [{ rel: 'source', url: data.html_url, title: `PagerDuty incident ${data.number ?? data.id}` }] : [],
      customProperties: {},
      dedupeKey,
    },
    { groupKeyFields: GROUP_FIELDS, rawPayloadRef },
  );
}

function childSummary(eventType: string, data: { content?: string | null; message?: string | null; user?: { summary?: string | null } | null }): string {
  if (data.content) return data.content;
  if (data.message) return data.user?.summary ? `${data.user.summary}: ${data.message}` : data.message;
  return eventType;
}

/**
 * Maps a validated Webhooks V3 event:
 * - `incident.triggered` → `incident` (starts the investigation);
 * - `incident.resolved` → `resolve`;
 * - other incident events (acknowledged, reopened, annotated, priority_updated, responders...) → `update`
 *   of the investigation keyed by the incident id;
 * - `pagey.ping` → `ping`; `service.*` → `ignored`;
 * - anything else → 400 {@link ValidationError} at `event.event_type`.
 *
 * The dedupe key of a trigger is the incident id (one trigger per incident); other events add the
 * event id, since e.g. an incident can be resolved, reopened and resolved again.
 */
function mapPagerDutyEvent(webhook: PagerDutyWebhook, options: PagerDutyMapOptions): IngestOutcome {
  const { event } = webhook;
  const type = event.event_type;
  const rawPayloadRef = options.rawPayloadRef ?? null;
  const actor = event.agent?.summary ?? null;
  if (type === 'pagey.ping') return { kind: 'ping', deliveryId: options.deliveryId };
  if (IGNORED_EVENTS.has(type)) return { kind: 'ignored', deliveryId: options.deliveryId, reason: `${type} does not concern an incident` };

  if (INCIDENT_DATA_EVENTS.has(type)) {
    const data = parseWithSchema(PagerDutyIncidentDataSchema, event.data, 'the PagerDuty incident', ['event', 'data']);
    const suffix = type === 'incident.triggered' ? 'triggered' : `${type.slice('incident.'.length)}:${event.id}`;
    const incident = incidentFrom(webhook, data, `pagerduty:${keySegment(data.id)}:${keySegment(suffix)}`, rawPayloadRef);
    if (type === 'incident.triggered') return { kind: 'incident', deliveryId: options.deliveryId, incident };
    if (type === 'incident.resolved') return { kind: 'resolve', deliveryId: options.deliveryId, incident };
    const verb = type.slice('incident.'.length).replace(/[._]/g, ' ');
    return {
      kind: 'update',
      deliveryId: options.deliveryId,
      ref: refFor(data.id, incident.dedupeKey),
      incident,
      change: {
        event: type,
        occurredAt: event.occurred_at,
        summary: type === 'incident.priority_updated' ? `priority changed to ${data.priority?.summary ?? 'none'}` : `${verb}${actor ? ` by ${actor}` : ''}`,
        actor,
        status: incident.status,
        severity: incident.severity,
      },
    };
  }

  if (INCIDENT_CHILD_EVENTS.has(type)) {
    const data = parseWithSchema(PagerDutyIncidentChildDataSchema, event.data, 'the PagerDuty event data', ['event', 'data']);
    const dedupeKey = `pagerduty:${keySegment(data.incident.id)}:${keySegment(type.slice('incident.'.length))}:${keySegment(event.id)}`;
    return {
      kind: 'update',
      deliveryId: options.deliveryId,
      ref: refFor(data.incident.id, dedupeKey),
      change: { event: type, occurredAt: event.occurred_at, summary: childSummary(type, data), actor },
    };
  }

  throw new ValidationError(`PagerDuty event type '${type.slice(0, 80)}' is not supported; subscribe only to incident events`, [
    { path: 'event.event_type', message: 'unknown event type' },
  ]);
}

export { mapPagerDutyEvent };
export type { PagerDutyMapOptions };
