import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { ConfigError } from '../errors';
import type { TelemetrySettings } from './telemetrySettings';

const LOOPBACK = /^https:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/;

/**
 * A fixed token for the local telemetry emulator, which accepts any bearer token. Refused when
 * an endpoint is not on loopback, so it can never send a meaningless token to Azure.
 */
function emulatorCredential(settings: Pick<TelemetrySettings, 'TELEMETRY_LOG_ANALYTICS_ENDPOINT' | 'TELEMETRY_ARM_ENDPOINT' | 'TELEMETRY_METRICS_ENDPOINT'>): TokenCredential {
  for (const [name, value] of Object.entries({
    TELEMETRY_LOG_ANALYTICS_ENDPOINT: settings.TELEMETRY_LOG_ANALYTICS_ENDPOINT,
    TELEMETRY_ARM_ENDPOINT: settings.TELEMETRY_ARM_ENDPOINT,
    TELEMETRY_METRICS_ENDPOINT: settings.TELEMETRY_METRICS_ENDPOINT,
  })) {
    if (value !== undefined && !LOOPBACK.test(value)) {
      throw new ConfigError('TELEMETRY_CREDENTIAL', `'emulator' is only allowed with loopback endpoints, but ${name} is ${value}`);
    }
  }
  return { getToken: async () => ({ token: 'local-telemetry-emulator', expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/**
 * Builds the credential the telemetry tools use, following TELEMETRY_CREDENTIAL:
 * - `auto`: the user-assigned managed identity AZURE_CLIENT_ID when set, else DefaultAzureCredential
 *   (environment, workload identity, managed identity, Azure CLI... for local development)
 * - `default`: DefaultAzureCredential, told which user-assigned identity to use when AZURE_CLIENT_ID is set
 * - `managed-identity`: ManagedIdentityCredential only (system-assigned without AZURE_CLIENT_ID)
 *
 * Nothing is contacted here; the first token is requested by the first tool call.
 */
function createTelemetryCredential(
  settings: Pick<TelemetrySettings, 'TELEMETRY_CREDENTIAL' | 'AZURE_CLIENT_ID'> &
    Partial<Pick<TelemetrySettings, 'TELEMETRY_LOG_ANALYTICS_ENDPOINT' | 'TELEMETRY_ARM_ENDPOINT' | 'TELEMETRY_METRICS_ENDPOINT'>>,
): TokenCredential {
  const clientId = settings.AZURE_CLIENT_ID;
  switch (settings.TELEMETRY_CREDENTIAL) {
    case 'managed-identity':
      return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    case 'default':
      return clientId ? new DefaultAzureCredential({ managedIdentityClientId: clientId }) : new DefaultAzureCredential();
    case 'auto':
      return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
    case 'emulator':
      return emulatorCredential({
        TELEMETRY_LOG_ANALYTICS_ENDPOINT: settings.TELEMETRY_LOG_ANALYTICS_ENDPOINT ?? 'https://api.loganalytics.io',
        TELEMETRY_ARM_ENDPOINT: settings.TELEMETRY_ARM_ENDPOINT ?? 'https://management.azure.com',
        TELEMETRY_METRICS_ENDPOINT: settings.TELEMETRY_METRICS_ENDPOINT,
      });
  }
}

export { createTelemetryCredential };
