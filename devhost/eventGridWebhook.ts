import { IngressError } from '../shared/errors';
import { parseJsonBody } from '../shared/sources/parseBody';
import { deserializeEvents, MAX_DELIVERY_BYTES } from '../shared/sources/eventGrid/eventGridAdapter';
import type { LoadedApp } from './appLoader';
import { invokeFunction } from './invoker';
import type { Logger } from './logger';

interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A refused delivery, answered as problem+json naming the event index and field. */
function refused(error: IngressError): WebhookAnswer {
  return { status: error.status, headers: { 'content-type': 'application/problem+json; charset=utf-8' }, body: error.toProblem() };
}

/**
 * The Event Grid extension's webhook (`/runtime/webhooks/eventgrid?functionName=X`):
 * Event Grid schema deliveries carry `aeg-event-type` (`SubscriptionValidation` answers the
 * validation code, `Notification` invokes the function once per event); CloudEvents deliveries
 * are validated with OPTIONS and `WebHook-Request-Origin`. Like Event Grid itself, a delivery
 * holds at most 5,000 events and 1 MiB (413 beyond), and every event's envelope is checked
 * before any is invoked: a malformed one is a 400 naming `[index].field`, never a silent drop.
 */
async function handleEventGridWebhook(
  app: LoadedApp,
  functionName: string | null,
  method: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  logger: Logger,
): Promise<WebhookAnswer> {
  const fn = functionName ? app.core.functions.get(functionName.toLowerCase()) : undefined;
  if (!fn || !Object.values(fn.metadata.bindings).some((b) => b.type === 'eventGridTrigger')) {
    return { status: 404, body: { message: `No Event Grid triggered function named '${functionName ?? ''}'.` } };
  }
  if (method === 'OPTIONS') {
    const origin = headers['webhook-request-origin'];
    if (!origin) return { status: 400, body: { message: 'WebHook-Request-Origin header is required for validation.' } };
    return { status: 200, headers: { 'WebHook-Allowed-Origin': String(origin), 'WebHook-Allowed-Rate': '*' } };
  }
  if (method !== 'POST') return { status: 405 };
  if (Buffer.byteLength(body, 'utf8') > MAX_DELIVERY_BYTES) {
    return refused(new IngressError(413, 'payload-too-large', `an Event Grid delivery is at most ${MAX_DELIVERY_BYTES} bytes`));
  }
  let parsed: unknown;
  try {
    parsed = parseJsonBody(body);
  } catch (error) {
    if (error instanceof IngressError) return refused(error);
    throw error;
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  const eventType = String(headers['aeg-event-type'] ?? '');
  const isCloudEvents = String(headers['content-type'] ?? '').includes('cloudevents');
  if (eventType === 'SubscriptionValidation') {
    const validation = events.find((e) => (e as { eventType?: string }).eventType === 'Microsoft.EventGrid.SubscriptionValidationEvent') as
      | { data?: { validationCode?: string } }
      | undefined;
    if (!validation?.data?.validationCode) return { status: 400, body: { message: 'No SubscriptionValidationEvent with a validationCode in the body.' } };
    return { status: 200, body: { validationResponse: validation.data.validationCode } };
  }
  if (eventType !== 'Notification' && !isCloudEvents) {
    return { status: 400, body: { message: `Unsupported aeg-event-type '${eventType}'.` } };
  }
  try {
    await deserializeEvents(parsed);
  } catch (error) {
    if (error instanceof IngressError) return refused(error);
    throw error;
  }
  for (const event of events) {
    try {
      await invokeFunction(app, fn.metadata.name, [{ bindingType: 'eventGridTrigger', data: { json: JSON.stringify(event) } }], logger);
    } catch (error) {
      // Event Grid retries a 5xx delivery, which is what a failed invocation should get.
      logger.log('error', `event grid delivery failed: ${error instanceof Error ? error.message : String(error)}`, { function: fn.metadata.name });
      return { status: 500 };
    }
  }
  return { status: 202 };
}

export { handleEventGridWebhook };
