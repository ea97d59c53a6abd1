import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { TelemetrySettings } from './telemetrySettings';

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
  settings: Pick<TelemetrySettings, 'TELEMETRY_CREDENTIAL' | 'AZURE_CLIENT_ID'>,
): TokenCredential {
  const clientId = settings.AZURE_CLIENT_ID;
  switch (settings.TELEMETRY_CREDENTIAL) {
    case 'managed-identity':
      return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    case 'default':
      return clientId ? new DefaultAzureCredential({ managedIdentityClientId: clientId }) : new DefaultAzureCredential();
    case 'auto':
      return clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
  }
}

export { createTelemetryCredential };
