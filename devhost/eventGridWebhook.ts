import type { LoadedApp } from './appLoader';
import { invokeFunction } from './invoker';
import type { Logger } from './logger';

interface WebhookAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The Event Grid extension's webhook (`/runtime/webhooks/eventgrid?functionName=X`):
 * Event Grid schema deliveries carry `aeg-event-type` (`SubscriptionValidation` answers the
 * validation code, `Notification` invokes the function once per event); CloudEvents deliveries
 * are validated with OPTIONS and `WebHook-Request-Origin`.
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 400, body: { message: 'The request body is not valid JSON.' } };
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
