import { ConfigError, ValidationError } from '../../errors';
import { parseJsonBody, parseWithSchema } from '../parseBody';
import { headerValue, type IngestOutcome, type IngestRequest, type ParseOptions, type SourceAdapter } from '../sourceAdapter';
import { parseAlertContext } from './alertContextSchemas';
import { AzureMonitorCommonAlertSchema } from './azureMonitorSchema';
import { mapAzureMonitorAlert } from './azureMonitorMapper';
import type { AzureMonitorSettings } from './azureMonitorSettings';
import { verifyEntraToken, type EntraTokenPolicy } from './entraTokenVerifier';
import { createJwksKeySource, type SigningKeySource } from './jwksKeySource';

/** Test seams; production uses the defaults. */
interface AzureMonitorAdapterOptions {
  /** Clock for token expiry checks. @default Date.now */
  now?: () => number;
  /** Signing keys; defaults to the configured inline JWKS or JWKS URL. */
  keys?: SigningKeySource;
}

function isCommonSchema(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { schemaId?: unknown }).schemaId === 'azureMonitorCommonAlertSchema';
}

function entraPolicy(settings: AzureMonitorSettings): EntraTokenPolicy {
  const tenantId = settings.AZURE_MONITOR_ENTRA_TENANT_ID;
  const audiences = settings.AZURE_MONITOR_ENTRA_AUDIENCES;
  if (tenantId === undefined) throw new ConfigError('AZURE_MONITOR_ENTRA_TENANT_ID', 'is required when AZURE_MONITOR_AUTH=entra');
  if (audiences === undefined || audiences.length === 0) throw new ConfigError('AZURE_MONITOR_ENTRA_AUDIENCES', 'is required when AZURE_MONITOR_AUTH=entra');
  const policy: EntraTokenPolicy = {
    tenantId,
    audiences,
    allowedAppIds: settings.AZURE_MONITOR_ENTRA_APP_IDS,
    requiredRole: settings.AZURE_MONITOR_ENTRA_ROLE,
    clockSkewSeconds: settings.AZURE_MONITOR_CLOCK_SKEW_SECONDS,
  };
  if (settings.AZURE_MONITOR_ENTRA_ISSUERS !== undefined) policy.issuers = settings.AZURE_MONITOR_ENTRA_ISSUERS;
  return policy;
}

/**
 * The Azure Monitor action-group webhook (common alert schema). Authentication is the host's
 * function key, plus Secure Webhook bearer-token validation when `AZURE_MONITOR_AUTH=entra`.
 * Bodies without `schemaId: azureMonitorCommonAlertSchema` are rejected with a 400 that tells
 * the operator to enable the common alert schema on the action.
 * Configuration mistakes surface here, at construction, as {@link ConfigError}.
 */
function createAzureMonitorAdapter(settings: AzureMonitorSettings, options: AzureMonitorAdapterOptions = {}): SourceAdapter {
  const now = options.now ?? Date.now;
  const policy = settings.AZURE_MONITOR_AUTH === 'entra' ? entraPolicy(settings) : undefined;
  const keys =
    policy === undefined
      ? undefined
      : (options.keys ??
        createJwksKeySource({
          inline: settings.AZURE_MONITOR_ENTRA_JWKS,
          url: settings.AZURE_MONITOR_ENTRA_JWKS_URL ?? `https://login.microsoftonline.com/${policy.tenantId}/discovery/v2.0/keys`,
        }));

  return {
    source: 'azure-monitor',
    async authenticate(request: IngestRequest): Promise<void> {
      if (policy === undefined || keys === undefined) return;
      await verifyEntraToken(headerValue(request.headers, 'authorization'), policy, keys, now());
    },
    async parse(request: IngestRequest, parseOptions: ParseOptions = {}): Promise<IngestOutcome[]> {
      const body = parseJsonBody(request.rawBody);
      if (!isCommonSchema(body)) {
        throw new ValidationError(
          'this is not a common alert schema payload: enable the common alert schema on the action group webhook action (useCommonAlertSchema: true)',
          [{ path: 'schemaId', message: 'expected "azureMonitorCommonAlertSchema"' }],
        );
      }
      const alert = parseWithSchema(AzureMonitorCommonAlertSchema, body, 'the Azure Monitor alert');
      const context = parseAlertContext(alert.data.essentials.monitoringService, alert.data.alertContext);
      return [
        mapAzureMonitorAlert(alert, context, {
          groupKeyFields: settings.AZURE_MONITOR_GROUP_KEY_FIELDS,
          rawPayloadRef: parseOptions.rawPayloadRef ?? null,
        }),
      ];
    },
  };
}

export { createAzureMonitorAdapter };
export type { AzureMonitorAdapterOptions };
