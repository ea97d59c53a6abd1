import { z } from 'zod';
import { defineSettings, type SettingsOf } from '../../config';

/** Host patterns of ServiceNow instances (commercial and the government/dedicated cloud). */
const SERVICENOW_HOSTS = ['*.service-now.com', '*.servicenowservices.com'] as const;

/** Settings of the ServiceNow Table API write-back (work notes, impact/urgency, resolve). */
const serviceNowWriteBackSettings = defineSettings('servicenow-writeback', 'ServiceNow Table API write-back: work notes and state', {
  SERVICENOW_INSTANCE_URL: {
    schema: z.url(),
    description:
      'Instance origin, e.g. https://contoso.service-now.com (hosts *.service-now.com or *.servicenowservices.com; others ' +
      'need DESTINATIONS_ALLOW_TEST_HOSTS, tests only).',
    example: 'https://contoso.service-now.com',
  },
  SERVICENOW_AUTH: {
    schema: z.enum(['basic', 'oauth']),
    description: '`basic` (SERVICENOW_USERNAME / SERVICENOW_PASSWORD) or `oauth` (client credentials: SERVICENOW_CLIENT_ID / SERVICENOW_CLIENT_SECRET).',
    default: 'basic',
  },
  SERVICENOW_USERNAME: {
    schema: z.string().min(1).optional(),
    description: 'Integration user (basic auth); give it a role that can write incident work notes and nothing more.',
    example: 'svc_incident_responder',
  },
  SERVICENOW_PASSWORD: {
    schema: z.string().min(1).optional(),
    description: 'Password of the integration user (basic auth); a literal, `${env:NAME}` or a Key Vault reference.',
    secret: true,
  },
  SERVICENOW_CLIENT_ID: {
    schema: z.string().min(1).optional(),
    description: 'OAuth application registry client id (oauth auth, client_credentials grant).',
  },
  SERVICENOW_CLIENT_SECRET: {
    schema: z.string().min(1).optional(),
    description: 'OAuth client secret (oauth auth); a literal, `${env:NAME}` or a Key Vault reference.',
    secret: true,
  },
  SERVICENOW_CLOSE_CODE: {
    schema: z.string().min(1),
    description: 'close_code written when a plan resolves the incident (instance-specific choice list).',
    default: 'Solved (Permanently)',
  },
});

type ServiceNowWriteBackSettings = SettingsOf<typeof serviceNowWriteBackSettings.specs>;

export { serviceNowWriteBackSettings, SERVICENOW_HOSTS };
export type { ServiceNowWriteBackSettings };
