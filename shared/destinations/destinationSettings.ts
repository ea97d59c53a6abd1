import { z } from 'zod';
import { booleanFlag, csvList, defineSettings, positiveInt, type SettingsOf } from '../config';
import { DestinationNameSchema } from './deliveryTypes';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './callWithRetry';

/** Settings every destination shares: retries, defaults, the ledger table and the test escape hatch. */
const destinationSettings = defineSettings('destinations', 'Write-back defaults: retries, default destinations, delivery ledger', {
  DESTINATIONS_DEFAULT: {
    schema: csvList.pipe(z.array(DestinationNameSchema)),
    description:
      'Destinations used when a plan names none (comma-separated: pagerduty, servicenow, azure-monitor, teams, event-grid). ' +
      'Empty means every configured destination.',
    default: '',
    example: 'pagerduty,teams',
  },
  DESTINATIONS_MAX_ATTEMPTS: {
    schema: positiveInt.max(10),
    description: 'Requests per write before the delivery is recorded as failed (the first included).',
    default: String(DEFAULT_RETRY_POLICY.maxAttempts),
  },
  DESTINATIONS_BACKOFF_MS: {
    schema: positiveInt,
    description: 'First retry delay in milliseconds, doubled on each retry (with jitter) unless the server sends Retry-After.',
    default: String(DEFAULT_RETRY_POLICY.baseDelayMs),
  },
  DESTINATIONS_MAX_WAIT_SECONDS: {
    schema: positiveInt,
    description: 'Longest single wait between retries; a rate limit asking for longer records a failed (retryable) delivery instead.',
    default: String(DEFAULT_RETRY_POLICY.maxDelayMs / 1000),
  },
  DESTINATIONS_TIMEOUT_SECONDS: {
    schema: positiveInt.max(120),
    description: 'Deadline of each write-back request.',
    default: String(DEFAULT_RETRY_POLICY.timeoutMs / 1000),
  },
  DESTINATIONS_LEDGER_TABLE: {
    schema: z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be a valid table name'),
    description: 'Azure Table recording every write-back (attempted, delivered, failed) by idempotency key.',
    default: 'Deliveries',
  },
  DESTINATIONS_ALLOW_TEST_HOSTS: {
    schema: booleanFlag,
    description:
      'Tests and local fakes only: lets PAGERDUTY_API_BASE_URL, SERVICENOW_INSTANCE_URL, TEAMS_WORKFLOW_URL and ' +
      'AZURE_ALERTS_ARM_ENDPOINT point at hosts other than the vendors\' (and at http://localhost). Never set it on Azure.',
    default: 'false',
  },
  DESTINATIONS_EXTRA_CA_FILE: {
    schema: z.string().min(1).optional(),
    description: 'PEM file of extra CA certificates trusted by write-back requests (local fakes over HTTPS). Leave unset on Azure.',
  },
});

type DestinationSettings = SettingsOf<typeof destinationSettings.specs>;

/** The retry policy the settings describe. */
function retryPolicyOf(settings: DestinationSettings): RetryPolicy {
  return {
    maxAttempts: settings.DESTINATIONS_MAX_ATTEMPTS,
    baseDelayMs: settings.DESTINATIONS_BACKOFF_MS,
    maxDelayMs: settings.DESTINATIONS_MAX_WAIT_SECONDS * 1000,
    timeoutMs: settings.DESTINATIONS_TIMEOUT_SECONDS * 1000,
  };
}

export { destinationSettings, retryPolicyOf };
export type { DestinationSettings };
