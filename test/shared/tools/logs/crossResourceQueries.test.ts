import { join } from 'node:path';
import { startTelemetryHarness, type TelemetryHarness } from '../telemetryHarness';

interface QueryData {
  tables: Array<{ columns: Array<{ name: string }>; rows: unknown[][] }>;
  totalRows: number;
}

// The bundled scenario 05 (checkout latency) holds AppRequests of component appi-checkout-prod.
const SCENARIO_DIR = join(__dirname, '..', '..', '..', '..', '..', 'scenarios', '05_slow_dependency');
const WORKSPACE_ID = '2d6f8a0c-3e5b-4a7d-9c1e-5b7d9f1a3c85';
const COMPONENT_ID =
  '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-shop-prod/providers/Microsoft.Insights/components/appi-checkout-prod';

describe('KQL tools with classic App Insights names and cross-resource functions (bundled scenario 05)', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness(
      {
        TELEMETRY_WORKSPACES: `law-checkout=${WORKSPACE_ID},law-checkout-alias=${WORKSPACE_ID}`,
        TELEMETRY_APP_INSIGHTS: `appi-checkout=${COMPONENT_ID}`,
        TELEMETRY_APP_INSIGHTS_WORKSPACES: 'appi-checkout=law-checkout',
      },
      SCENARIO_DIR,
    );
  });

  afterAll(async () => {
    await harness.close();
  });

  it('validates a classic query in component scope and returns the rows the emulator computes', async () => {
    // Prepare
    const classic = 'requests | where success == false | summarize failures = count() by cloud_RoleName';
    const workspaceBased = 'AppRequests | where Success == false | summarize failures = count() by AppRoleName';

    // Act
    const result = await harness.call('app_insights_query', { component: 'appi-checkout', query: classic, timespan: 'P1D' });
    const expected = await harness.call('app_insights_query', { component: 'appi-checkout', query: workspaceBased, timespan: 'P1D' });

    // Assess
    expect(result.status).toBe('success');
    const data = result.data as QueryData;
    expect(data.tables[0]!.columns.map((column) => column.name)).toEqual(['cloud_RoleName', 'failures']);
    expect(data.totalRows).toBeGreaterThan(0);
    expect(data.tables[0]!.rows).toEqual((expected.data as QueryData).tables[0]!.rows);
  });

  it('runs app("<configured component>").requests in component scope, sent with the component\'s ARM id', async () => {
    // Act
    const result = await harness.call('app_insights_query', {
      component: 'appi-checkout',
      query: 'app("appi-checkout").requests | summarize count() by resultCode',
      timespan: 'P1D',
    });

    // Assess
    expect(result.status).toBe('success');
    expect((result.data as QueryData).tables[0]!.columns.map((column) => column.name)).toEqual(['resultCode', 'count_']);
    expect((result.data as { sentQuery?: string }).sentQuery).toBe(`app("${COMPONENT_ID}").requests | summarize count() by resultCode`);
  });

  it('runs a union over two configured workspaces', async () => {
    // Prepare: both names point at the scenario's workspace, so the union counts its requests twice.
    const single = await harness.call('log_analytics_query', { workspace: 'law-checkout', query: 'AppRequests | count', timespan: 'P1D' });

    // Act
    const union = await harness.call('log_analytics_query', {
      workspace: 'law-checkout',
      query: 'union workspace("law-checkout").AppRequests, workspace("law-checkout-alias").AppRequests | count',
      timespan: 'P1D',
    });

    // Assess
    expect(union.status).toBe('success');
    const once = (single.data as QueryData).tables[0]!.rows[0]![0] as number;
    expect(once).toBeGreaterThan(0);
    expect((union.data as QueryData).tables[0]!.rows).toEqual([[2 * once]]);
  });

  it('refuses a workspace() outside the configured ones before sending the query, naming those in scope', async () => {
    // Prepare
    const query = 'union workspace("law-checkout").AppRequests, workspace("law-elsewhere").AppRequests | count';
    const before = harness.requests.filter((line) => line.includes('/query')).length;

    // Act
    const result = await harness.call('log_analytics_query', { workspace: 'law-checkout', query });

    // Assess
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('invalid_query');
    expect(result.error?.message).toContain('workspace("law-elsewhere") does not name a workspace configured for these tools');
    expect(result.error?.message).toContain(`law-checkout / ${WORKSPACE_ID}`);
    expect(harness.requests.filter((line) => line.includes('/query')).length).toBe(before);
  });
});
