import { z } from 'zod';
import { csvList, defineSettings, positiveInt } from '../../config';
import { GROUP_KEY_FIELDS_HELP, groupKeyFieldsSetting } from '../groupKeySetting';

/** Settings of the ServiceNow inbound endpoint (`POST /api/ingest/servicenow`). */
const serviceNowInboundSettings = defineSettings('servicenow-inbound', 'ServiceNow business-rule webhook: HMAC or basic auth, grouping', {
  SERVICENOW_INBOUND_AUTH: {
    schema: z.enum(['hmac', 'basic']),
    description: '`hmac`: X-Signature (base64 HMAC-SHA256 of "<timestamp>.<body>") plus X-Signature-Timestamp; `basic`: HTTP basic credentials.',
    default: 'hmac',
  },
  SERVICENOW_INBOUND_HMAC_SECRETS: {
    schema: csvList.pipe(z.array(z.string().min(16, 'each secret needs at least 16 characters'))).optional(),
    description:
      'Shared HMAC secrets, comma-separated (two during rotation); the business rule holds the same value. Required for `hmac`. ' +
      'Make one with `node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"`.',
    secret: true,
  },
  SERVICENOW_INBOUND_BASIC_USER: {
    schema: z.string().optional(),
    description: 'Basic-auth user name the business rule sends. Required for `basic`.',
  },
  SERVICENOW_INBOUND_BASIC_PASSWORD: {
    schema: z.string().min(16, 'needs at least 16 characters').optional(),
    description: 'Basic-auth password the business rule sends. Required for `basic`.',
    secret: true,
  },
  SERVICENOW_INBOUND_MAX_SKEW_SECONDS: {
    schema: positiveInt,
    description: 'How far X-Signature-Timestamp may be from our clock, in seconds (replay window).',
    default: '300',
  },
  SERVICENOW_GROUP_KEY_FIELDS: {
    schema: groupKeyFieldsSetting,
    description: `Fields whose equal values put ServiceNow events into one investigation. ${GROUP_KEY_FIELDS_HELP}`,
    default: 'externalId',
  },
});

/** Loaded ServiceNow inbound settings. */
type ServiceNowInboundSettings = ReturnType<typeof serviceNowInboundSettings.load>;

export { serviceNowInboundSettings };
export type { ServiceNowInboundSettings };
