/** 02: a reconciliation batch holds PostgreSQL connections; inventory-api's Npgsql pool is exhausted (seed 003). */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-inventory-prod';
  const workspaceId = '8c4e2a6f-1d3b-4e5a-b7c9-0f2d4e6a8b13';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-inventory-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-inventory-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-inventory-api-prod');
  const pg = b.rid(rg, 'Microsoft.DBforPostgreSQL', 'flexibleServers', 'psql-inventory-prod');
  const batchStart = -41 * 60;
  const exhaustedAt = -24 * 60;
  const instances = ['pd1sdwk0000B1', 'pd1sdwk0000B2', 'pd1sdwk0000B3', 'pd1sdwk0000B4', 'pd1sdwk0000B5'];
  const db = { target: 'psql-inventory-prod.postgres.database.azure.com | inventory', type: 'SQL' as const, name: 'psql-inventory-prod.postgres.database.azure.com | inventory', data: 'SELECT sku, quantity, reserved FROM stock_levels WHERE sku = $1', medianMs: 6 };
  const ops: Operation[] = [
    { name: 'GET /api/stock/{sku}', url: '/api/stock/SKU-48213', weight: 6, medianMs: 12, dependencies: [db] },
    { name: 'POST /api/reservations', url: '/api/reservations', weight: 3, medianMs: 20, dependencies: [db, { ...db, data: 'UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2' }] },
    { name: 'GET /api/warehouses', url: '/api/warehouses', weight: 1, medianMs: 8, dependencies: [db] },
  ];
  const poolPressure = (t: number) => (t < exhaustedAt - 600 ? 0 : t < exhaustedAt ? (t - (exhaustedAt - 600)) / 600 : 1);
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 11, roleName: 'inventory-api', host: 'inventory-api.contoso-retail.com', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(instances), versionAt: () => '3.12.0',
    effect: (t) => {
      const p = poolPressure(t);
      if (p === 0) return {};
      if (p >= 1 && b.rng.chance(0.38)) {
        return {
          failure: {
            resultCode: '500',
            failedDependency: { target: db.target, resultCode: '53300', durationMs: 15000 + b.rng.next() * 40 },
            exception: {
              type: 'Npgsql.NpgsqlException',
              message: "The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout' (currently 15 seconds) in your connection string.",
              method: 'Npgsql.PoolingDataSource+<RentAsync>d__34.MoveNext',
              innermostType: 'System.TimeoutException',
              innermostMessage: 'The operation has timed out.',
            },
          },
        };
      }
      return { extraMs: p * b.rng.latency(900, 0.6) };
    },
  });
  b.defineAzureDiagnostics([['errorLevel_s', 'string'], ['sqlerrcode_s', 'string'], ['processId_d', 'real']]);
  const pgLog = (t: number, level: string, code: string, message: string) =>
    b.add('AzureDiagnostics', t, { ResourceId: pg.toUpperCase(), Category: 'PostgreSQLLogs', OperationName: 'LogEvent', Resource: 'PSQL-INVENTORY-PROD', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.DBFORPOSTGRESQL', ResourceType: 'FLEXIBLESERVERS', Level: level, Message: message, errorLevel_s: level, sqlerrcode_s: code, processId_d: b.rng.int(20000, 90000), _ResourceId: pg.toLowerCase() });
  for (let t = -4 * 3600; t < 0; t += b.rng.int(240, 420)) pgLog(t, 'LOG', '00000', 'checkpoint complete: wrote 1843 buffers (1.4%); 0 WAL file(s) added, 0 removed, 1 recycled');
  pgLog(batchStart, 'LOG', '00000', 'connection authorized: user=svc_reconcile database=inventory application_name=stock-reconcile SSL enabled (protocol=TLSv1.3)');
  for (let t = batchStart + 120; t < 0; t += b.rng.int(30, 70)) {
    pgLog(t, 'LOG', '00000', `duration: ${Math.round((t - batchStart) * 1000 + b.rng.next() * 900)}.${b.rng.int(100, 999)} ms  statement: UPDATE stock_levels SET quantity = s.quantity FROM staging_stock s WHERE stock_levels.sku = s.sku /* application_name=stock-reconcile, state=idle in transaction */`);
  }
  for (let t = exhaustedAt; t < 0; t += b.rng.int(8, 25)) pgLog(t, 'FATAL', '53300', 'remaining connection slots are reserved for non-replication superuser connections');
  b.add('AzureActivity', batchStart - 30, { OperationNameValue: 'MICROSOFT.LOGIC/WORKFLOWS/TRIGGERS/RUN/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'logic-stock-reconcile', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: b.rid(rg, 'Microsoft.Logic', 'workflows', 'logic-stock-reconcile'), message: 'Manual run of stock-reconcile (full catalogue) requested by ops' }, _ResourceId: b.rid(rg, 'Microsoft.Logic', 'workflows', 'logic-stock-reconcile').toLowerCase() });
  // Red herring: an unrelated storefront deployment three hours earlier.
  b.add('AzureActivity', -3 * 3600, { OperationNameValue: 'MICROSOFT.WEB/SITES/SLOTS/SLOTSSWAP/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'deploy@contoso-retail.com', ResourceGroup: 'rg-storefront-prod', CorrelationId: b.rng.guid(), Properties_d: { entity: b.rid('rg-storefront-prod', 'Microsoft.Web', 'sites', 'app-storefront-prod'), message: 'Swap staging -> production' }, _ResourceId: b.rid('rg-storefront-prod', 'Microsoft.Web', 'sites', 'app-storefront-prod').toLowerCase() });
  const connections = (ago: number) => (ago > 41 ? 88 : ago > 24 ? 88 + ((41 - ago) / 17) * 409 : 497);
  b.metric({ resourceId: pg, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', name: 'active_connections', unit: 'Count', primaryAggregation: 'Maximum', minutes: 240, value: (ago) => Math.min(497, Math.round(connections(ago) + b.rng.next() * 6)) });
  b.metric({ resourceId: pg, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', name: 'cpu_percent', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago <= 41 ? 36 : 24) + b.rng.next() * 8 });
  b.metric({ resourceId: pg, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', name: 'memory_percent', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: () => 41 + b.rng.next() * 3 });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'HttpResponseTime', unit: 'Seconds', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago > 34 ? 0.03 : ago > 24 ? 0.3 + (34 - ago) * 0.05 : 2.6) + b.rng.next() * 0.05 });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Http5xx', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: (ago) => (ago <= 24 ? 4 + b.rng.int(0, 2) : 0) });
  b.resource({ id: site, name: 'app-inventory-api-prod', type: 'Microsoft.Web/sites', kind: 'app,linux', location: 'westeurope', tags: { team: 'inventory' }, properties: { state: 'Running', defaultHostName: 'app-inventory-api-prod.azurewebsites.net', siteConfig: { numberOfWorkers: 5, linuxFxVersion: 'DOTNETCORE|8.0' } } });
  b.resource({ id: pg, name: 'psql-inventory-prod', type: 'Microsoft.DBforPostgreSQL/flexibleServers', location: 'westeurope', sku: { name: 'Standard_D4ds_v5', tier: 'GeneralPurpose' }, properties: { state: 'Ready', version: '16', fullyQualifiedDomainName: 'psql-inventory-prod.postgres.database.azure.com', storage: { storageSizeGB: 512 }, highAvailability: { mode: 'Disabled' }, serverParameters: { max_connections: '500' } } });
  b.resource({ id: b.rid(rg, 'Microsoft.Logic', 'workflows', 'logic-stock-reconcile'), name: 'logic-stock-reconcile', type: 'Microsoft.Logic/workflows', location: 'westeurope', properties: { state: 'Enabled' } });
  b.resource({ id: workspaceRid, name: 'law-inventory-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });
  b.resource({ id: appi, name: 'appi-inventory-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '4e7a1c9d-2b6f-4d8e-a3c5-7f1b9d3e5a27', WorkspaceResourceId: workspaceRid } });

  const alert = metricAlert(
    b,
    { rule: 'inventory-api-response-time-high', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'Average HTTP response time of inventory-api is above 1.5s', targetId: site, targetType: 'Microsoft.Web/sites', targetGroup: rg, configurationItem: 'app-inventory-api-prod', firedAt: -4 * 60, properties: { team: 'inventory' } },
    { metricName: 'HttpResponseTime', metricNamespace: 'Microsoft.Web/sites', operator: 'GreaterThan', threshold: 1.5, timeAggregation: 'Average', metricValue: 2.63, windowMinutes: 5 },
  );
  const manifest = {
    title: 'inventory-api slow and failing: PostgreSQL connection pool exhausted',
    summary: 'A manually triggered full stock reconciliation holds hundreds of PostgreSQL connections idle in transaction; the server reaches max_connections and the API pool times out.',
    workspaces: [{ name: 'law-inventory-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-inventory-prod', resourceId: appi, appId: '4e7a1c9d-2b6f-4d8e-a3c5-7f1b9d3e5a27', workspace: 'law-inventory-prod' }],
  };
  const answer = {
    rootCauseCategory: 'connection_pool_exhaustion',
    rootCause: 'The stock-reconcile batch (application_name=stock-reconcile) holds long-running transactions on psql-inventory-prod; active connections reach 497 of max_connections 500, the server refuses new connections (53300) and inventory-api requests wait 15 s for a pooled Npgsql connection and fail.',
    keyTerms: ['connection pool', 'stock-reconcile'],
    requiredEvidence: [
      { description: 'Npgsql pool exhaustion exceptions in inventory-api', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where ExceptionType == 'Npgsql.NpgsqlException' and OuterMessage has 'connection pool has been exhausted' | summarize n = count() | where n > 20" } },
      { description: 'PostgreSQL refuses connections: remaining slots reserved (SQLSTATE 53300)', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'PostgreSQLLogs' and sqlerrcode_s == '53300' | take 5" } },
      { description: 'Long-running statements from the stock-reconcile batch', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'PostgreSQLLogs' and Message has 'stock-reconcile' and Message has 'duration' | take 5" } },
      { description: 'Active connections near the 500 limit', metric: 'active_connections', check: { kind: 'metric', resourceId: pg, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', metric: 'active_connections', aggregation: 'Maximum', operator: 'GreaterThan', threshold: 450 } },
      { description: 'Database dependency calls time out at 15 s', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where DependencyType == 'SQL' and Success == false and DurationMs >= 15000 | take 5" } },
    ],
    redHerrings: [
      { description: 'Database CPU is moderate (about 40%), not saturated', blame: ['cpu saturation', 'high cpu'] },
      { description: 'Storefront slot swap three hours earlier in another resource group', blame: ['storefront', 'slot swap', 'deployment'] },
    ],
    recommendedActions: ['Stop the stock-reconcile run (logic-stock-reconcile) and terminate its idle-in-transaction sessions with pg_terminate_backend', 'Give the batch its own role with a connection limit and commit in chunks; size inventory-api Max Pool Size so instances x pool stays below max_connections'],
  };
  return { manifest, alert, answer };
}

export { build };
