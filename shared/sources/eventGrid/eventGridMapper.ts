import { ValidationError, fieldProblemsFromZod } from '../../errors';
import { buildIncident, keySegment, parseArmResourceIds, type GroupKeyField, type Incident, type Severity } from '../../incident';
import { parseWithSchema } from '../parseBody';
import type { IngestOutcome } from '../sourceAdapter';
import { HealthResourcesDataSchema, ResourcesDataSchema, SubscriptionValidationDataSchema } from './eventGridSchema';

/** One delivered event in either schema, after `EventGridDeserializer`. */
interface ReceivedEvent {
  id: string;
  /** `eventType` (Event Grid schema) or `type` (CloudEvents). */
  type: string;
  /** Name of the type field in this schema, for error paths. */
  typeField: 'eventType' | 'type';
  subject: string | undefined;
  /** ISO time of the event. */
  time: string | undefined;
  data: unknown;
  /** JSON path of this event in the body, for error messages (`[0]` or ``). */
  path: ReadonlyArray<string | number>;
}

/** Options for {@link mapEventGridEvent}. */
interface EventGridMapOptions {
  groupKeyFields: readonly GroupKeyField[];
  rawPayloadRef?: string | null;
}

const HEALTH_PREFIX = 'Microsoft.ResourceNotifications.HealthResources.';
const RESOURCES_PREFIX = 'Microsoft.ResourceNotifications.Resources.';
const AVAILABILITY_SEVERITY: Record<string, Severity> = { unavailable: 'Sev1', degraded: 'Sev2', unknown: 'Sev3', available: 'Sev3' };

function resourcesAndName(resourceId: string) {
  const resources = parseArmResourceIds([resourceId]);
  const name = resources[0]?.name ?? resourceId.split('/').pop() ?? resourceId;
  return { resources, name };
}

function finish(
  event: ReceivedEvent,
  options: EventGridMapOptions,
  fields: Pick<Incident, 'title' | 'description' | 'severity' | 'sourceSeverity' | 'status' | 'firedAt' | 'resolvedAt' | 'resources'> & { details: Record<string, unknown> },
): Incident {
  return buildIncident(
    {
      source: 'event-grid',
      externalId: event.id,
      externalIds: { eventId: event.id },
      title: fields.title,
      description: fields.description,
      severity: fields.severity,
      sourceSeverity: fields.sourceSeverity,
      status: fields.status,
      firedAt: fields.firedAt,
      resolvedAt: fields.resolvedAt,
      resources: fields.resources,
      rule: { name: event.type, id: null },
      service: null,
      correlationId: null,
      signal: { type: event.type, details: { subject: event.subject ?? null, ...fields.details } },
      links: [],
      customProperties: {},
      dedupeKey: `event-grid:${keySegment(event.id)}`,
    },
    options,
  );
}

/**
 * Maps one Event Grid / CloudEvents event:
 * - `Microsoft.EventGrid.SubscriptionValidationEvent` → `validation` (`{validationResponse}`);
 * - `HealthResources.AvailabilityStatusChanged` → `incident`, or `resolve` when back to Available;
 * - `HealthResources.ResourceAnnotated`, `Resources.CreatedOrUpdated|Deleted` → `incident`;
 * - `Microsoft.EventGrid.SubscriptionDeletedEvent` → `ignored`;
 * - other types → 400 {@link ValidationError} at the event's type field.
 * The dedupe and delivery id is the event id (delivery is at-least-once).
 */
function mapEventGridEvent(event: ReceivedEvent, options: EventGridMapOptions): IngestOutcome {
  const dataPath = [...event.path, 'data'];
  if (event.type === 'Microsoft.EventGrid.SubscriptionValidationEvent') {
    const data = parseWithSchema(SubscriptionValidationDataSchema, event.data, 'the validation event', dataPath);
    return { kind: 'validation', response: { status: 200, headers: { 'content-type': 'application/json' }, body: { validationResponse: data.validationCode } } };
  }
  if (event.type === 'Microsoft.EventGrid.SubscriptionDeletedEvent') {
    return { kind: 'ignored', deliveryId: event.id, reason: 'the event subscription was deleted' };
  }
  if (event.type === `${HEALTH_PREFIX}AvailabilityStatusChanged` || event.type === `${HEALTH_PREFIX}ResourceAnnotated`) {
    const data = parseWithSchema(HealthResourcesDataSchema, event.data, 'the health event', dataPath);
    const props = data.resourceInfo.properties;
    const occurredAt = props.occurredTime ?? data.operationalInfo?.resourceEventTime ?? event.time ?? new Date(0).toISOString();
    const { resources, name } = resourcesAndName(props.targetResourceId);
    if (event.type.endsWith('AvailabilityStatusChanged')) {
      const state = props.availabilityState ?? 'Unknown';
      const healthy = state.toLowerCase() === 'available';
      const incident = finish(event, options, {
        title: `${name} is ${state}`,
        description: `Availability of ${props.targetResourceId} changed from ${props.previousAvailabilityState ?? 'unknown'} to ${state}.`,
        severity: AVAILABILITY_SEVERITY[state.toLowerCase()] ?? 'Sev2',
        sourceSeverity: state,
        status: healthy ? 'resolved' : 'firing',
        firedAt: occurredAt,
        resolvedAt: healthy ? occurredAt : null,
        resources,
        details: { availabilityState: state, previousAvailabilityState: props.previousAvailabilityState ?? null, targetResourceType: props.targetResourceType ?? null },
      });
      return healthy ? { kind: 'resolve', deliveryId: event.id, incident } : { kind: 'incident', deliveryId: event.id, incident };
    }
    const incident = finish(event, options, {
      title: `${name}: ${props.reason ?? props.annotationName ?? 'resource annotated'}`,
      description: props.summary ?? '',
      severity: (props.category ?? '').toLowerCase() === 'unplanned' ? 'Sev2' : 'Sev3',
      sourceSeverity: props.category ?? null,
      status: 'firing',
      firedAt: occurredAt,
      resolvedAt: null,
      resources,
      details: { annotationName: props.annotationName ?? null, category: props.category ?? null, context: props.context ?? null, targetResourceType: props.targetResourceType ?? null },
    });
    return { kind: 'incident', deliveryId: event.id, incident };
  }
  if (event.type === `${RESOURCES_PREFIX}CreatedOrUpdated` || event.type === `${RESOURCES_PREFIX}Deleted`) {
    const data = parseWithSchema(ResourcesDataSchema, event.data, 'the resource event', dataPath);
    const occurredAt = data.operationalInfo?.resourceEventTime ?? event.time ?? new Date(0).toISOString();
    const { resources, name } = resourcesAndName(data.resourceInfo.id);
    const deleted = event.type.endsWith('Deleted');
    const incident = finish(event, options, {
      title: `${name} was ${deleted ? 'deleted' : 'created or updated'}`,
      description: `${data.resourceInfo.type ?? 'Resource'} ${data.resourceInfo.id} was ${deleted ? 'deleted' : 'created or updated'}.`,
      severity: deleted ? 'Sev3' : 'Sev4',
      sourceSeverity: null,
      status: 'firing',
      firedAt: occurredAt,
      resolvedAt: null,
      resources,
      details: { resourceType: data.resourceInfo.type ?? null, location: data.resourceInfo.location ?? null },
    });
    return { kind: 'incident', deliveryId: event.id, incident };
  }
  throw new ValidationError(
    `Event Grid event type '${event.type.slice(0, 120)}' is not supported`,
    fieldProblemsFromZod([{ path: [...event.path, event.typeField], message: 'unknown event type' }]),
  );
}

export { mapEventGridEvent };
export type { ReceivedEvent, EventGridMapOptions };
