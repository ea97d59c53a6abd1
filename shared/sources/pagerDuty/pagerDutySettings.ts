import { csvList, defineSettings } from '../../config';
import { z } from 'zod';

/**
 * Settings of the PagerDuty Webhooks V3 endpoint (`POST /api/ingest/pagerduty`). The group key
 * is the PagerDuty incident id and not configurable: PagerDuty already groups alerts into
 * incidents, and its update events (notes, responders) only name the incident.
 */
const pagerDutyWebhookSettings = defineSettings('pagerduty-webhook', 'PagerDuty Webhooks V3 signature secrets', {
  PAGERDUTY_WEBHOOK_SECRETS: {
    schema: csvList.pipe(z.array(z.string().min(1)).min(1, 'set at least one secret')),
    description:
      'Signing secrets of the webhook subscriptions, comma-separated (one per subscription, or old and new during rotation). ' +
      'PagerDuty shows a secret only when the subscription is created.',
    secret: true,
    example: 'whsec-old,whsec-new',
  },
});

/** Loaded PagerDuty webhook settings. */
type PagerDutyWebhookSettings = ReturnType<typeof pagerDutyWebhookSettings.load>;

export { pagerDutyWebhookSettings };
export type { PagerDutyWebhookSettings };
