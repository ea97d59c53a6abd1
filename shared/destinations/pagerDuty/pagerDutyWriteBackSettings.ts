import { z } from 'zod';
import { defineSettings, type SettingsOf } from '../../config';

/** Hosts the PagerDuty REST API lives on (US and EU service regions). */
const PAGERDUTY_API_HOSTS = ['api.pagerduty.com', 'api.eu.pagerduty.com'] as const;

/** Settings of the PagerDuty REST write-back (notes, acknowledge, status updates, resolve). */
const pagerDutyWriteBackSettings = defineSettings('pagerduty-writeback', 'PagerDuty REST write-back: notes, acknowledge, status updates', {
  PAGERDUTY_API_TOKEN: {
    schema: z.string().min(1),
    description:
      'REST API user token of a dedicated PagerDuty user (notes and updates are attributed to it). A literal, `${env:NAME}` ' +
      'or a Key Vault reference.',
    secret: true,
    example: '${env:PAGERDUTY_TOKEN_FROM_VAULT}',
  },
  PAGERDUTY_FROM_EMAIL: {
    schema: z.email(),
    description: 'Email of that PagerDuty user, sent as the `From` header PagerDuty requires on every write.',
    example: 'incident-responder@example.com',
  },
  PAGERDUTY_API_BASE_URL: {
    schema: z.url(),
    description: `REST API origin: ${PAGERDUTY_API_HOSTS.map((h) => `https://${h}`).join(' or ')}. Other hosts need DESTINATIONS_ALLOW_TEST_HOSTS (tests only).`,
    default: 'https://api.pagerduty.com',
  },
});

type PagerDutyWriteBackSettings = SettingsOf<typeof pagerDutyWriteBackSettings.specs>;

export { pagerDutyWriteBackSettings, PAGERDUTY_API_HOSTS };
export type { PagerDutyWriteBackSettings };
