import { EventGridDeserializer } from '@azure/eventgrid';
import { ForbiddenError, IngressError, UnauthenticatedError, ValidationError } from '../../errors';
import { assertJsonDepth, parseJsonBody } from '../parseBody';
import { constantTimeEqual } from '../signatures';
import { headerValue, type HandshakeResponse, type IngestOutcome, type IngestRequest, type ParseOptions, type SourceAdapter } from '../sourceAdapter';
import { mapEventGridEvent, type ReceivedEvent } from './eventGridMapper';
import type { EventGridSettings } from './eventGridSettings';

const deserializer = new EventGridDeserializer();

/** Event Grid's own limits for one delivery: at most this many events... */
const MAX_EVENTS_PER_DELIVERY = 5000;
/** ...and at most this many bytes (an event is at most 1 MiB too). */
const MAX_DELIVERY_BYTES = 1024 * 1024;

/** The envelope field an SDK validation message names (`event is missing required property 'id'`). */
function envelopeFieldOf(message: string): string | undefined {
  const named = /propert(?:y|ies) '([A-Za-z0-9_]+)/.exec(message);
  if (named) return named[1];
  if (/Event Grid schema/.test(message)) return 'metadataVersion';
  if (/Cloud Event 1\.0 schema/.test(message)) return 'specversion';
  if (/data_base64/.test(message)) return 'data_base64';
  return undefined;
}

/** `[3].eventType`, `eventType`, `[3]` or `` for the field of an event in a delivery. */
function eventPath(index: number | undefined, field: string | undefined): string {
  const at = index === undefined ? '' : `[${index}]`;
  return field === undefined ? at : at === '' ? field : `${at}.${field}`;
}

/** 413 when a delivery holds more events than Event Grid ever sends in one. */
function assertEventCount(count: number): void {
  if (count > MAX_EVENTS_PER_DELIVERY) {
    throw new IngressError(413, 'too-many-events', `the delivery holds ${count} events; at most ${MAX_EVENTS_PER_DELIVERY} are accepted in one delivery`);
  }
}

function isCloudEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'specversion' in value;
}

function timeOf(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Deserialises a body (text or an already-parsed object/array, as the Event Grid trigger hands
 * over) with the SDK's `EventGridDeserializer`, in whichever schema it is: Event Grid schema
 * (arrays of `{eventType, eventTime, dataVersion...}`) or CloudEvents 1.0 (`{specversion, type...}`,
 * single or batched). The SDK's `TypeError`s become a 400 {@link ValidationError}.
 */
async function deserializeEvents(body: unknown): Promise<ReceivedEvent[]> {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new ValidationError('the Event Grid delivery holds no events', [{ path: '', message: 'empty array' }]);
  assertEventCount(items.length);
  const batched = Array.isArray(body);
  const events: ReceivedEvent[] = [];
  for (const [index, item] of items.entries()) {
    const path = batched ? [index] : [];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ValidationError('an Event Grid event is not a JSON object', [{ path: batched ? `[${index}]` : '', message: 'expected an object' }]);
    }
    try {
      if (isCloudEvent(item)) {
        const [event] = await deserializer.deserializeCloudEvents(item as Record<string, unknown>);
        events.push({ id: event!.id, type: event!.type, typeField: 'type', subject: event!.subject, time: timeOf(event!.time), data: event!.data, path });
      } else {
        const [event] = await deserializer.deserializeEventGridEvents(item as Record<string, unknown>);
        events.push({ id: event!.id, type: event!.eventType, typeField: 'eventType', subject: event!.subject, time: timeOf(event!.eventTime), data: event!.data, path });
      }
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      const message = error instanceof Error ? error.message.slice(0, 200) : 'invalid event';
      throw new ValidationError(`event ${batched ? `[${index}] ` : ''}is not a valid Event Grid or CloudEvents 1.0 event`, [
        { path: eventPath(batched ? index : undefined, envelopeFieldOf(message)), message },
      ], { cause: error });
    }
  }
  return events;
}

/** The Event Grid adapter, plus `parseEvent` for the Event Grid trigger, which hands over one parsed event at a time. */
interface EventGridAdapter extends SourceAdapter {
  handshake(request: IngestRequest): HandshakeResponse | undefined;
  /** Maps one event object as the `eventGridIngest` trigger receives it (either schema). */
  parseEvent(event: unknown, options?: ParseOptions): Promise<IngestOutcome[]>;
}

/**
 * Event Grid deliveries of Azure Resource Notifications (HealthResources and Resources topics),
 * over the Event Grid trigger or the CloudEvents HTTP route. Handles both endpoint-validation
 * handshakes: the Event Grid schema `SubscriptionValidationEvent` (answered by `parse` with
 * `{validationResponse}`) and the CloudEvents `OPTIONS` + `WebHook-Request-Origin` request
 * (answered by `handshake` with `WebHook-Allowed-Origin`).
 */
function createEventGridAdapter(settings: EventGridSettings): EventGridAdapter {
  const origins = settings.EVENT_GRID_ALLOWED_ORIGINS.map((origin) => origin.toLowerCase());
  const map = async (body: unknown, options: ParseOptions, validationOnly: boolean): Promise<IngestOutcome[]> => {
    const events = await deserializeEvents(body);
    const outcomes = events.map((event) =>
      mapEventGridEvent(event, { groupKeyFields: settings.EVENT_GRID_GROUP_KEY_FIELDS, rawPayloadRef: options.rawPayloadRef ?? null }),
    );
    if (validationOnly && outcomes.some((outcome) => outcome.kind !== 'validation')) {
      throw new ValidationError('a SubscriptionValidation delivery may only hold validation events', [{ path: '', message: 'unexpected event type' }]);
    }
    return outcomes;
  };
  // Validation requests are answered without the secret: echoing the code reveals nothing.
  const skipsAuthentication = (request: IngestRequest): boolean =>
    settings.EVENT_GRID_DELIVERY_SECRET !== undefined && headerValue(request.headers, 'aeg-event-type') === 'SubscriptionValidation';
  return {
    source: 'event-grid',
    handshake(request: IngestRequest): HandshakeResponse | undefined {
      if ((request.method ?? '').toUpperCase() !== 'OPTIONS') return undefined;
      const origin = headerValue(request.headers, 'webhook-request-origin');
      if (origin === undefined) throw new ValidationError('the WebHook-Request-Origin header is required', [{ path: 'headers.webhook-request-origin', message: 'missing' }]);
      if (!origins.includes('*') && !origins.includes(origin.toLowerCase())) throw new ForbiddenError('the WebHook-Request-Origin is not allowed');
      return { status: 200, headers: { 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*', Allow: 'POST, OPTIONS' } };
    },
    skipsAuthentication,
    async authenticate(request: IngestRequest): Promise<void> {
      const secret = settings.EVENT_GRID_DELIVERY_SECRET;
      if (secret === undefined || skipsAuthentication(request)) return;
      const given = headerValue(request.headers, settings.EVENT_GRID_DELIVERY_SECRET_HEADER);
      if (given === undefined) throw new UnauthenticatedError(`the ${settings.EVENT_GRID_DELIVERY_SECRET_HEADER} header is missing`);
      if (!constantTimeEqual(given, secret)) throw new ForbiddenError('the delivery secret does not match');
    },
    async parse(request: IngestRequest, options: ParseOptions = {}): Promise<IngestOutcome[]> {
      const validationOnly = headerValue(request.headers, 'aeg-event-type') === 'SubscriptionValidation';
      return map(parseJsonBody(request.rawBody), options, validationOnly);
    },
    async parseEvent(event: unknown, options: ParseOptions = {}): Promise<IngestOutcome[]> {
      assertJsonDepth(event);
      return map(event, options, false);
    },
  };
}

export { createEventGridAdapter, deserializeEvents, MAX_EVENTS_PER_DELIVERY, MAX_DELIVERY_BYTES };
export type { EventGridAdapter };
