import type { Incident, IncidentSource, IncidentStatus, Severity } from '../incident';

/** The parts of an HTTP request an adapter needs; header names are matched case-insensitively. */
interface IngestRequest {
  /** HTTP method, upper-case; only the CloudEvents handshake looks at it. */
  method?: string;
  /** Full request URL. */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received: signatures are computed over these bytes. */
  rawBody: Buffer | string;
}

/** Options for {@link SourceAdapter.parse}. */
interface ParseOptions {
  /** Blob path where the caller archived the raw body; copied onto every incident. */
  rawPayloadRef?: string | null;
}

/** What to answer a validation handshake with; the caller writes it verbatim. */
interface HandshakeResponse {
  status: 200;
  headers: Record<string, string>;
  /** JSON body, absent for the CloudEvents OPTIONS handshake. */
  body?: Record<string, string>;
}

/** Identifies the investigation an update belongs to, when the payload has no full incident. */
interface IncidentRef {
  source: IncidentSource;
  externalId: string;
  dedupeKey: string;
  groupKey: string;
  /** Durable instance id of the investigation (see `investigationKey`). */
  investigationKey: string;
}

/** A change to an incident that is already being investigated. */
interface IncidentChange {
  /** The source's event name, e.g. `incident.annotated`, `incident.updated`. */
  event: string;
  occurredAt: string;
  /** One line for the investigation timeline (a note's text, "acknowledged by Riley Chen"). */
  summary: string;
  /** Who made the change, `null` for automation. */
  actor: string | null;
  /** New status / severity when the change carries them. */
  status?: IncidentStatus;
  severity?: Severity;
}

/**
 * The result of parsing one request; a request can yield several (Event Grid batches).
 * - `incident`: a new signal; start the investigation `incident.investigationKey`, or join it when running.
 * - `update`: a change to the investigation `ref.investigationKey` (raise an event); `incident`
 *   is a full snapshot when the payload has one, so a caller may start an investigation it missed.
 * - `resolve`: the source resolved it; raise a resolve event on `incident.investigationKey`.
 * - `ping`: a connectivity test (PagerDuty `pagey.ping`); answer 2xx, do nothing.
 * - `ignored`: a well-formed event we do not act on (e.g. PagerDuty `service.updated`); answer 2xx.
 * - `validation`: an endpoint-validation handshake; answer with `response`.
 *
 * `deliveryId` identifies the delivery for at-least-once dedupe (PagerDuty `X-Webhook-Id`,
 * Event Grid event id; the dedupe key where the source has no delivery id).
 */
type IngestOutcome =
  | { kind: 'incident'; deliveryId: string; incident: Incident }
  | { kind: 'update'; deliveryId: string; ref: IncidentRef; change: IncidentChange; incident?: Incident }
  | { kind: 'resolve'; deliveryId: string; incident: Incident }
  | { kind: 'ping'; deliveryId: string }
  | { kind: 'ignored'; deliveryId: string; reason: string }
  | { kind: 'validation'; response: HandshakeResponse };

/**
 * One inbound source. The same three steps for every source, all pure apart from fetching
 * signing keys: `handshake` (only Event Grid has one), `authenticate`, then `parse`.
 * Every rejection is an `IngressError` subclass that renders problem+json (`toProblem()`).
 *
 * @example
 * const pagerDuty = createPagerDutyAdapter(pagerDutyWebhookSettings.load());
 * await pagerDuty.authenticate(request);            // 403 ForbiddenError on a bad signature
 * const outcomes = await pagerDuty.parse(request, { rawPayloadRef: 'raw/pagerduty/2026/03/04/abc.json' });
 */
interface SourceAdapter {
  readonly source: IncidentSource;
  /**
   * Answers a validation handshake (Event Grid only), before authentication;
   * `undefined` when the request is not one.
   */
  handshake?(request: IngestRequest): HandshakeResponse | undefined;
  /** Throws `UnauthenticatedError` (401) or `ForbiddenError` (403); `TransientError` when signing keys cannot be fetched. */
  authenticate(request: IngestRequest): Promise<void>;
  /**
   * True for a request `authenticate` lets through without credentials because it can only be a
   * validation (Event Grid `SubscriptionValidation`): its body is not archived, since nobody
   * proved who sent it.
   */
  skipsAuthentication?(request: IngestRequest): boolean;
  /** Validates and maps the body; throws `ValidationError` (400) naming the field path. */
  parse(request: IngestRequest, options?: ParseOptions): Promise<IngestOutcome[]>;
}

/** The {@link IncidentRef} of an incident. */
function incidentRefOf(incident: Incident): IncidentRef {
  const { source, externalId, dedupeKey, groupKey, investigationKey } = incident;
  return { source, externalId, dedupeKey, groupKey, investigationKey };
}

/** Reads a header case-insensitively; `undefined` when absent or empty. */
function headerValue(headers: IngestRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** The raw body as a Buffer (signatures are over bytes) and as UTF-8 text. */
function bodyBytes(rawBody: Buffer | string): Buffer {
  return typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
}

export { incidentRefOf, headerValue, bodyBytes };
export type { IngestRequest, ParseOptions, HandshakeResponse, IncidentRef, IncidentChange, IngestOutcome, SourceAdapter };
