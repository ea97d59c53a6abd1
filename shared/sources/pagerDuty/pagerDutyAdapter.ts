import { parseJsonBody, parseWithSchema } from '../parseBody';
import { bodyBytes, headerValue, type IngestOutcome, type IngestRequest, type ParseOptions, type SourceAdapter } from '../sourceAdapter';
import { mapPagerDutyEvent } from './pagerDutyMapper';
import { PagerDutyWebhookSchema } from './pagerDutySchema';
import type { PagerDutyWebhookSettings } from './pagerDutySettings';
import { verifyPagerDutySignature } from './pagerDutySignature';

/**
 * PagerDuty Webhooks V3. `authenticate` checks `X-PagerDuty-Signature` over the raw bytes
 * against every configured secret; `parse` maps the single event. The delivery id is
 * `X-Webhook-Id` (identical across PagerDuty's retries), falling back to `event.id`.
 * PagerDuty drops a webhook for good on any 4xx other than 429, so only genuinely bad input is rejected.
 */
function createPagerDutyAdapter(settings: PagerDutyWebhookSettings): SourceAdapter {
  return {
    source: 'pagerduty',
    async authenticate(request: IngestRequest): Promise<void> {
      verifyPagerDutySignature(headerValue(request.headers, 'x-pagerduty-signature'), bodyBytes(request.rawBody), settings.PAGERDUTY_WEBHOOK_SECRETS);
    },
    async parse(request: IngestRequest, options: ParseOptions = {}): Promise<IngestOutcome[]> {
      const webhook = parseWithSchema(PagerDutyWebhookSchema, parseJsonBody(request.rawBody), 'the PagerDuty webhook');
      const deliveryId = headerValue(request.headers, 'x-webhook-id') ?? webhook.event.id;
      return [mapPagerDutyEvent(webhook, { deliveryId, rawPayloadRef: options.rawPayloadRef ?? null })];
    },
  };
}

export { createPagerDutyAdapter };
