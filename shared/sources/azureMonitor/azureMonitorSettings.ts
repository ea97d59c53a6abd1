import { z } from 'zod';
import { csvList, defineSettings, positiveInt } from '../../config';
import { GROUP_KEY_FIELDS_HELP, groupKeyFieldsSetting } from '../groupKeySetting';
import { AZURE_MONITOR_SECURE_WEBHOOK_APP_ID } from './entraTokenVerifier';

/**
 * Settings of the Azure Monitor action-group webhook (`POST /api/ingest/azure-monitor`).
 * The function key is checked by the host; `AZURE_MONITOR_AUTH=entra` adds Secure Webhook
 * (Entra ID bearer token) validation on top.
 */
const azureMonitorSettings = defineSettings('azure-monitor-ingest', 'Azure Monitor action-group webhook: auth and grouping', {
  AZURE_MONITOR_AUTH: {
    schema: z.enum(['function-key', 'entra']),
    description: '`function-key` (the host checks `?code=`) or `entra` (also require a Secure Webhook bearer token).',
    default: 'function-key',
  },
  AZURE_MONITOR_ENTRA_TENANT_ID: {
    schema: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'expected a tenant GUID').optional(),
    description: 'Tenant of the app registration the action group targets (`tenantId` of the webhook receiver). Required for `entra`.',
    example: '00000000-0000-0000-0000-000000000000',
  },
  AZURE_MONITOR_ENTRA_AUDIENCES: {
    schema: csvList.optional(),
    description: 'Accepted token audiences: the app registration client id (v2 tokens) and/or its Application ID URI (v1 tokens). Required for `entra`.',
    example: 'api://incident-responder,11111111-1111-1111-1111-111111111111',
  },
  AZURE_MONITOR_ENTRA_APP_IDS: {
    schema: csvList,
    description: 'Accepted calling app ids (`azp`/`appid`); the default is the Azure Monitor "AzNS AAD Webhook" app.',
    default: AZURE_MONITOR_SECURE_WEBHOOK_APP_ID,
  },
  AZURE_MONITOR_ENTRA_ROLE: {
    schema: z.string().min(1),
    description: 'App role the caller must hold (created by the Secure Webhook setup script).',
    default: 'ActionGroupsSecureWebhook',
  },
  AZURE_MONITOR_ENTRA_ISSUERS: {
    schema: csvList.optional(),
    description: 'Accepted issuers; defaults to the tenant v2.0 and v1 issuers of login.microsoftonline.com / sts.windows.net. Set for sovereign clouds.',
  },
  AZURE_MONITOR_ENTRA_JWKS_URL: {
    schema: z.url().optional(),
    description: 'Signing keys URL; defaults to https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys.',
  },
  AZURE_MONITOR_ENTRA_JWKS: {
    schema: z.string().optional(),
    description: 'Inline JSON Web Key Set (`{"keys":[...]}`), used instead of the URL (offline or test setups).',
  },
  AZURE_MONITOR_CLOCK_SKEW_SECONDS: {
    schema: positiveInt,
    description: 'Leeway for token expiry and not-before checks, in seconds.',
    default: '300',
  },
  AZURE_MONITOR_GROUP_KEY_FIELDS: {
    schema: groupKeyFieldsSetting,
    description: `Fields whose equal values put alerts into one investigation. ${GROUP_KEY_FIELDS_HELP}`,
    default: 'rule,resource',
  },
});

/** Loaded Azure Monitor settings. */
type AzureMonitorSettings = ReturnType<typeof azureMonitorSettings.load>;

export { azureMonitorSettings };
export type { AzureMonitorSettings };
