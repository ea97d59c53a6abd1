import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { createTelemetryCredential } from '../../../shared/tools/telemetryCredential';
import { telemetrySettings } from '../../../shared/tools/telemetrySettings';

const WS = '11111111-2222-4333-8444-555555555555';
const APP = '/subscriptions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/resourceGroups/rg/providers/Microsoft.Insights/components/web';

describe('telemetrySettings', () => {
  it('loads defaults when nothing is set', () => {
    // Prepare / Act
    const settings = telemetrySettings.load({});

    // Assess
    expect(settings).toMatchObject({
      TELEMETRY_WORKSPACES: {},
      TELEMETRY_APP_INSIGHTS: {},
      TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: [],
      TELEMETRY_LOG_ANALYTICS_ENDPOINT: 'https://api.loganalytics.io',
      TELEMETRY_ARM_ENDPOINT: 'https://management.azure.com',
      TELEMETRY_CREDENTIAL: 'auto',
      TELEMETRY_MAX_ROWS: 200,
      TELEMETRY_MAX_RESULT_BYTES: 65536,
      TELEMETRY_DEFAULT_TIMESPAN: 'PT1H',
      TELEMETRY_MAX_TIMESPAN: 'P7D',
      TELEMETRY_PROBE_ALLOWED_HOSTS: [],
    });
  });

  it('reads name=value allow-lists', () => {
    // Prepare / Act
    const settings = telemetrySettings.load({
      TELEMETRY_WORKSPACES: `prod-logs=${WS}, dev-logs=${WS.replace('1111', '9999')}`,
      TELEMETRY_APP_INSIGHTS: `web=${APP}`,
      TELEMETRY_LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:8443/',
    });

    // Assess
    expect(settings.TELEMETRY_WORKSPACES).toEqual({ 'prod-logs': WS, 'dev-logs': WS.replace('1111', '9999') });
    expect(settings.TELEMETRY_APP_INSIGHTS).toEqual({ web: APP });
    expect(settings.TELEMETRY_LOG_ANALYTICS_ENDPOINT).toBe('https://127.0.0.1:8443');
  });

  it.each([
    ['TELEMETRY_WORKSPACES', 'prod-logs=not-a-guid', 'must be a GUID'],
    ['TELEMETRY_WORKSPACES', `=${WS}`, 'must be name=workspace id'],
    ['TELEMETRY_WORKSPACES', `a=${WS},a=${WS}`, "name 'a' appears twice"],
    ['TELEMETRY_APP_INSIGHTS', 'web=/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/web', 'Application Insights ARM id'],
    ['TELEMETRY_LOG_ANALYTICS_ENDPOINT', 'http://127.0.0.1:8080', 'https://'],
    ['TELEMETRY_MAX_TIMESPAN', 'P1M', 'ISO 8601 duration'],
  ])('names the variable at fault for %s=%s', (name, value, message) => {
    // Prepare / Act / Assess
    expect(() => telemetrySettings.load({ [name]: value })).toThrow(new RegExp(`${name}.*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});

describe('createTelemetryCredential', () => {
  it('uses the user-assigned managed identity when AZURE_CLIENT_ID is set and DefaultAzureCredential otherwise', () => {
    // Prepare
    const clientId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

    // Act
    const withIdentity = createTelemetryCredential({ TELEMETRY_CREDENTIAL: 'auto', AZURE_CLIENT_ID: clientId });
    const without = createTelemetryCredential({ TELEMETRY_CREDENTIAL: 'auto', AZURE_CLIENT_ID: undefined });
    const forcedDefault = createTelemetryCredential({ TELEMETRY_CREDENTIAL: 'default', AZURE_CLIENT_ID: clientId });
    const forcedIdentity = createTelemetryCredential({ TELEMETRY_CREDENTIAL: 'managed-identity', AZURE_CLIENT_ID: undefined });

    // Assess
    expect(withIdentity).toBeInstanceOf(ManagedIdentityCredential);
    expect(without).toBeInstanceOf(DefaultAzureCredential);
    expect(forcedDefault).toBeInstanceOf(DefaultAzureCredential);
    expect(forcedIdentity).toBeInstanceOf(ManagedIdentityCredential);
  });
});

describe('TELEMETRY_CREDENTIAL=emulator', () => {
  it('gives a fixed token when every endpoint is on loopback', async () => {
    const credential = createTelemetryCredential({
      TELEMETRY_CREDENTIAL: 'emulator',
      AZURE_CLIENT_ID: undefined,
      TELEMETRY_LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:4443',
      TELEMETRY_ARM_ENDPOINT: 'https://localhost:4443',
      TELEMETRY_METRICS_ENDPOINT: undefined,
    });
    expect((await credential.getToken('https://api.loganalytics.io/.default'))?.token).toBe('local-telemetry-emulator');
  });

  it('is refused, naming the endpoint, when one points at Azure', () => {
    expect(() =>
      createTelemetryCredential({ TELEMETRY_CREDENTIAL: 'emulator', AZURE_CLIENT_ID: undefined, TELEMETRY_LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:4443', TELEMETRY_ARM_ENDPOINT: 'https://management.azure.com' }),
    ).toThrow(/TELEMETRY_ARM_ENDPOINT is https:\/\/management.azure.com/);
  });
});
