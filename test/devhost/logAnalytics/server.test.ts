import { LogsQueryResultStatus } from '@azure/monitor-query-logs';

import { startTelemetryEmulator, type TelemetryEmulator } from '../../../devhost/logAnalytics/server';
import { SCENARIOS_DIR, clientsFor, rawRequest } from './emulatorClients';

const now = new Date('2026-05-01T10:00:00Z');
const badDeploymentWorkspace = '3b8f1c2d-6e4a-4f7b-9c1d-2a5e8f0b4c61';
const shopAppInsights = '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-shop-prod/providers/Microsoft.Insights/components/appi-shop-prod';
const ordersApp = '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-shop-prod/providers/Microsoft.App/containerApps/ca-orders-api';

describe('Telemetry emulator with the real Azure SDK clients', () => {
  let emulator: TelemetryEmulator;
  let clients: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    emulator = await startTelemetryEmulator({ scenariosDir: SCENARIOS_DIR, scenarioIds: ['01_bad_deployment', '03_certificate_expiry'], port: 0, now: () => now });
    clients = clientsFor(emulator);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('answers LogsQueryClient.queryWorkspace with typed columns and Date values', async () => {
    // Act
    const result = await clients.logs.queryWorkspace(badDeploymentWorkspace, "AppRequests | where ResultCode == '500' | project TimeGenerated, AppVersion, DurationMs | take 3", { duration: 'PT1H' });

    // Assess
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const table = result.tables[0]!;
    expect(table.columnDescriptors).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'AppVersion', type: 'string' },
      { name: 'DurationMs', type: 'real' },
    ]);
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]![0]).toBeInstanceOf(Date);
    expect(table.rows[0]![1]).toBe('2.5.0');
  });

  it('applies the timespan: a window before the deployment has no 500s', async () => {
    // Act
    const result = await clients.logs.queryWorkspace(badDeploymentWorkspace, "AppRequests | where ResultCode == '500' | count", {
      startTime: new Date(now.getTime() - 3 * 3_600_000),
      endTime: new Date(now.getTime() - 3_600_000),
    });

    // Assess
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    if (result.status === LogsQueryResultStatus.Success) expect(result.tables[0]!.rows[0]![0]).toBe(0);
  });

  it('answers resource-centric queries for an Application Insights component with only its rows', async () => {
    // Act
    const result = await clients.logs.queryResource(shopAppInsights, 'union AppRequests, AzureActivity | summarize n = count() by Type', { duration: 'PT4H' });

    // Assess
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const types = result.tables[0]!.rows.map((row) => row[0]);
    expect(types).toContain('AppRequests');
    expect(types).not.toContain('AzureActivity');
  });

  it('runs a batch and reports a bad query in its own slot', async () => {
    // Act
    const results = await clients.logs.queryBatch([
      { workspaceId: badDeploymentWorkspace, query: 'AppExceptions | count', timespan: { duration: 'PT4H' } },
      { workspaceId: badDeploymentWorkspace, query: 'AppExceptionz | count', timespan: { duration: 'PT4H' } },
    ]);

    // Assess
    expect(results[0]!.status).toBe(LogsQueryResultStatus.Success);
    expect(results[1]!.status).toBe(LogsQueryResultStatus.PartialFailure);
  });

  it('returns KQL errors as BadArgumentError with the evaluator message', async () => {
    // Act
    const failure = await clients.logs.queryWorkspace(badDeploymentWorkspace, 'AppRequests | where Nme == 1', { duration: 'PT1H' }).catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, code: 'BadArgumentError' });
    expect((failure as { details: { error: { innererror: { code: string; message: string } } } }).details.error.innererror.message).toMatch(/Nme/);
  });

  it('returns WorkspaceNotFoundError for an unknown workspace', async () => {
    // Act
    const failure = await clients.logs.queryWorkspace('00000000-0000-4000-8000-000000000000', 'AppRequests | take 1', { duration: 'PT1H' }).catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, code: 'WorkspaceNotFoundError' });
  });

  it('serves workspace metadata with tables and typed columns', async () => {
    // Act
    const response = await rawRequest(emulator, 'GET', `/v1/workspaces/${badDeploymentWorkspace}/metadata`, { authorization: 'Bearer x' });

    // Assess
    expect(response.status).toBe(200);
    const appRequests = response.json.tables.find((t: { name: string }) => t.name === 'AppRequests');
    expect(appRequests.columns).toContainEqual({ name: 'DurationMs', type: 'real' });
    expect(appRequests.columns).toContainEqual({ name: 'TenantId', type: 'string' });
    expect(response.json.workspaces[0].id).toBe(badDeploymentWorkspace);
  });

  it('refuses requests without a bearer token in the service error shape', async () => {
    // Act
    const response = await rawRequest(emulator, 'POST', `/v1/workspaces/${badDeploymentWorkspace}/query`, {}, JSON.stringify({ query: 'AppRequests | take 1' }));

    // Assess
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('AuthorizationRequiredError');
  });

  it('answers MetricsClient.queryResources with aggregated, dimension-filtered series', async () => {
    // Act
    const [result] = await clients.metrics.queryResources([ordersApp], ['Requests'], 'Microsoft.App/containerApps', {
      startTime: new Date(now.getTime() - 60 * 60_000),
      endTime: now,
      interval: 'PT15M',
      aggregation: 'Total',
      filter: "statusCodeCategory eq '5xx'",
    });

    // Assess
    const metric = result!.getMetricByName('Requests')!;
    expect(result!.granularity).toBe('PT15M');
    expect(metric.timeseries).toHaveLength(1);
    const totals = metric.timeseries[0]!.data!.map((point) => point.total ?? 0);
    expect(totals).toHaveLength(4);
    expect(totals[0]).toBe(0);
    expect(totals[3]).toBeGreaterThan(10);
    expect(metric.timeseries[0]!.data![0]!.timeStamp).toBeInstanceOf(Date);
  });

  it('answers ResourceGraphClient.resources with objects, totals and facets', async () => {
    // Act
    const response = await clients.resourceGraph.resources({
      query: "Resources | where type =~ 'microsoft.web/certificates' | project name, expires = todatetime(properties.expirationDate)",
      facets: [{ expression: 'name' }],
    });

    // Assess
    expect(response.totalRecords).toBe(1);
    expect(response.data[0].name).toBe('api-contoso-portal-com');
    expect(Date.parse(response.data[0].expires)).toBeLessThan(now.getTime());
    expect(response.facets?.[0]).toMatchObject({ resultType: 'FacetResult', expression: 'name', count: 1 });
  });

  it('returns Resource Graph query errors as BadRequest with InvalidQuery details', async () => {
    // Act
    const failure = await clients.resourceGraph.resources({ query: 'Resources | where nosuchcolumn == 1' }).catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(JSON.stringify((failure as { body?: unknown }).body)).toMatch(/InvalidQuery/);
  });
});
