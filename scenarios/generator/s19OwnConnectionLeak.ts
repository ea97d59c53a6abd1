/**
 * 19: policy-api (App Service, .NET 8, Azure SQL) leaks its own SqlClient connections on an error path; the pool of
 * every instance fills up while the database is idle and never refuses a connection. Red herrings: a Data Factory
 * export holding long sessions on the same database, an app settings write on the staging slot, and a slot swap of
 * another app in the resource group.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

const POOL_TIMEOUT =
  'Timeout expired.  The timeout period elapsed prior to obtaining a connection from the pool.  This may have occurred because all pooled connections were in use and max pool size was reached.';

function build(b: ScenarioBuilder) {
  const rg = 'rg-policy-prod';
  const workspaceId = '6a2d8f4c-9e1b-4c7a-b3d5-2f8e0a6c4b19';
  const appId = '3c9e5a1f-7b2d-4f8e-a6c0-9d4b2e7f1a53';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-policy-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-policy-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-policy-api-prod');
  const portal = b.rid(rg, 'Microsoft.Web', 'sites', 'app-policy-portal-prod');
  const server = b.rid(rg, 'Microsoft.Sql', 'servers', 'sql-policy-prod');
  const database = `${server}/databases/policydb`;
  const adf = b.rid(rg, 'Microsoft.DataFactory', 'factories', 'adf-policy-prod');
  const instances = ['lw1sdlwk0000C1', 'lw1sdlwk0000C2', 'lw1sdlwk0000C3'];
  const maxPool = 100;
  const leakStart = -3 * 3600;
  // Each instance leaks about one connection every 100 s on the document error path: its pool is full after ~2.8 h.
  const leaked = (t: number) => Math.min(maxPool, Math.max(0, Math.floor((t - leakStart) / 100)) + 4);
  const exhaustedAt = leakStart + (maxPool - 4) * 100;
  const db = { target: 'sql-policy-prod.database.windows.net | policydb', type: 'SQL' as const, name: 'sql-policy-prod.database.windows.net | policydb', data: 'SELECT ClaimId, Status, Amount FROM dbo.Policy WHERE ClaimId = @id', medianMs: 4 };
  const ops: Operation[] = [
    { name: 'GET /api/policy/{id}', url: '/api/policy/CLM-20418', weight: 6, medianMs: 14, dependencies: [db] },
    { name: 'GET /api/policy/{id}/documents', url: '/api/policy/CLM-20418/documents', weight: 2, medianMs: 30, dependencies: [{ ...db, data: 'SELECT DocumentId, BlobPath FROM dbo.ClaimDocuments WHERE ClaimId = @id' }] },
    { name: 'POST /api/policy', url: '/api/policy', weight: 2, medianMs: 25, dependencies: [{ ...db, data: 'INSERT INTO dbo.Policy (PolicyId, Amount, Status) VALUES (@p0, @p1, @p2)' }] },
  ];
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 12, roleName: 'policy-api', host: 'policy-api.contoso-insure.com', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(instances), versionAt: () => '7.4.2',
    effect: (t, op) => {
      if (t >= exhaustedAt && b.rng.chance(0.45)) {
        return { extraMs: 15000, failure: { resultCode: '500', exception: { type: 'System.InvalidOperationException', message: POOL_TIMEOUT, method: 'Microsoft.Data.ProviderBase.DbConnectionFactory.TryGetConnection' } } };
      }
      // Background noise: policy that do not exist (404, no exception recorded as a failure of the service).
      if (op.name === 'GET /api/policy/{id}' && b.rng.chance(0.03)) return { failure: { resultCode: '404' } };
      return {};
    },
  });
  // The leak itself leaves a trace only as a handled error on the documents path (blob missing), all day long.
  for (let t = leakStart; t < 0; t += b.rng.int(280, 340)) {
    b.add('AppTraces', t, { Message: 'Document blob not found for claim; returning empty document list', SeverityLevel: 2, Properties: { CategoryName: 'Policy.Api.Documents.DocumentService' }, OperationName: 'GET /api/policy/{id}/documents', AppRoleName: 'policy-api', AppRoleInstance: b.rng.pick(instances), AppVersion: '7.4.2', ItemCount: 1, _ResourceId: appi });
  }

  b.defineAzureDiagnostics([
    ['error_number_d', 'real'], ['Severity', 'real'], ['state_d', 'real'], ['DatabaseName_s', 'string'], ['LogicalServerName_s', 'string'],
    ['action_name_s', 'string'], ['application_name_s', 'string'], ['client_ip_s', 'string'], ['server_principal_name_s', 'string'],
    ['session_id_d', 'real'], ['duration_milliseconds_d', 'real'], ['statement_s', 'string'], ['succeeded_s', 'string'],
  ]);
  const sqlBase = { ResourceId: database.toUpperCase(), Resource: 'POLICYDB', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.SQL', ResourceType: 'SERVERS/DATABASES', DatabaseName_s: 'policydb', LogicalServerName_s: 'sql-policy-prod', _ResourceId: database.toLowerCase() };
  let session = 60;
  // The app's logins: one per new physical connection, i.e. per leaked connection once its pool has grown.
  for (const index of instances.keys()) {
    let opened = 0;
    for (let t = -4 * 3600 + index * 7; t < 0; t += 60) {
      const want = t < leakStart ? 4 : leaked(t);
      for (; opened < want; opened++) {
        b.add('AzureDiagnostics', t + b.rng.next() * 50, { ...sqlBase, Category: 'SQLSecurityAuditEvents', OperationName: 'AuditEvent', Level: 'Informational', action_name_s: 'DATABASE AUTHENTICATION SUCCEEDED', application_name_s: 'Core Microsoft SqlClient Data Provider', client_ip_s: `10.40.2.${11 + index}`, server_principal_name_s: 'app-policy-api-prod', session_id_d: session++, duration_milliseconds_d: 0, statement_s: '', succeeded_s: 'true' });
      }
      if (b.rng.chance(0.2)) {
        b.add('AzureDiagnostics', t + b.rng.next() * 50, { ...sqlBase, Category: 'SQLSecurityAuditEvents', OperationName: 'AuditEvent', Level: 'Informational', action_name_s: 'BATCH COMPLETED', application_name_s: 'Core Microsoft SqlClient Data Provider', client_ip_s: `10.40.2.${11 + index}`, server_principal_name_s: 'app-policy-api-prod', session_id_d: 60 + b.rng.int(0, 20), duration_milliseconds_d: b.rng.latency(4), statement_s: 'SELECT ClaimId, Status, Amount FROM dbo.Policy WHERE ClaimId = @id', succeeded_s: 'true' });
      }
    }
  }
  // Red herring: the nightly Data Factory export holds six long sessions on the same database (it ran late).
  const exportStart = -70 * 60;
  for (let s = 0; s < 6; s++) {
    const id = 400 + s;
    b.add('AzureDiagnostics', exportStart + s * 20, { ...sqlBase, Category: 'SQLSecurityAuditEvents', OperationName: 'AuditEvent', Level: 'Informational', action_name_s: 'DATABASE AUTHENTICATION SUCCEEDED', application_name_s: 'adf-policy-nightly-export', client_ip_s: '10.40.9.4', server_principal_name_s: 'adf-policy-prod', session_id_d: id, duration_milliseconds_d: 0, statement_s: '', succeeded_s: 'true' });
    b.add('AzureDiagnostics', exportStart + 60 * (8 + s * 6), { ...sqlBase, Category: 'SQLSecurityAuditEvents', OperationName: 'AuditEvent', Level: 'Informational', action_name_s: 'BATCH COMPLETED', application_name_s: 'adf-policy-nightly-export', client_ip_s: '10.40.9.4', server_principal_name_s: 'adf-policy-prod', session_id_d: id, duration_milliseconds_d: (8 + s * 6) * 60000 - s * 20000, statement_s: `SELECT * FROM dbo.ClaimHistory WHERE PartitionId = ${s}`, succeeded_s: 'true' });
  }
  // Background noise: duplicate-key errors of concurrent claim submissions, all day.
  for (let t = -4 * 3600 + 400; t < 0; t += b.rng.int(900, 1600)) {
    b.add('AzureDiagnostics', t, { ...sqlBase, Category: 'Errors', OperationName: 'ErrorEvent', Level: 'Error', Message: "Violation of PRIMARY KEY constraint 'PK_ClaimIdempotency'. Cannot insert duplicate key in object 'dbo.ClaimIdempotency'.", error_number_d: 2627, Severity: 14, state_d: 1 });
  }

  // Database metrics (AzureMetrics through the diagnostic setting, and the metrics API): idle, sessions climb to 3 x Max Pool Size.
  const sessionsAt = (t: number) => instances.length * (t < leakStart ? 4 : leaked(t)) + (t >= exportStart && t < -10 * 60 ? 6 : 0) + 2;
  const metricRow = (t: number, name: string, unit: string, avg: number, max: number) =>
    b.add('AzureMetrics', t, { ResourceId: database.toUpperCase(), ResourceProvider: 'MICROSOFT.SQL', Resource: 'POLICYDB', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId, MetricName: name, Total: avg, Count: 1, Maximum: max, Minimum: avg * 0.8, Average: avg, TimeGrain: 'PT1M', UnitName: unit, _ResourceId: database.toLowerCase() });
  for (let t = -4 * 3600; t < 0; t += 60) {
    const cpu = 18 + b.rng.next() * 8 + (t >= exportStart && t < -10 * 60 ? 6 : 0);
    metricRow(t, 'cpu_percent', 'Percent', cpu, cpu + b.rng.next() * 6);
    const workers = 3 + b.rng.next() * 3;
    metricRow(t, 'workers_percent', 'Percent', workers, workers + 1);
    metricRow(t, 'sessions_count', 'Count', sessionsAt(t), sessionsAt(t));
    metricRow(t, 'sessions_percent', 'Percent', (sessionsAt(t) / 30000) * 100, (sessionsAt(t) / 30000) * 100);
  }
  b.metric({ resourceId: database, namespace: 'Microsoft.Sql/servers/databases', name: 'sessions_count', unit: 'Count', primaryAggregation: 'Maximum', minutes: 240, value: (ago) => sessionsAt(-ago * 60) });
  b.metric({ resourceId: database, namespace: 'Microsoft.Sql/servers/databases', name: 'cpu_percent', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: () => 18 + b.rng.next() * 8 });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Http5xx', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: (ago) => (-ago * 60 >= exhaustedAt ? 5 + b.rng.int(0, 3) : 0) });

  // Red herrings in the activity log: an app settings write on the staging slot (no restart of production) and a slot swap of the portal.
  b.add('AzureActivity', -45 * 60, { OperationNameValue: 'MICROSOFT.WEB/SITES/SLOTS/CONFIG/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'release-bot@contoso-insure.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${site}/slots/staging/config/appsettings`, message: 'Microsoft.Web/sites/slots/config/write', setting: 'FeatureFlags__PolicySummaryV2' }, _ResourceId: `${site}/slots/staging`.toLowerCase() });
  b.add('AzureActivity', -50 * 60, { OperationNameValue: 'MICROSOFT.WEB/SITES/SLOTS/SLOTSSWAP/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'release-bot@contoso-insure.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: portal, message: 'Swap staging -> production (policy-portal 3.9.0)' }, _ResourceId: portal.toLowerCase() });
  b.add('AzureActivity', exportStart - 30, { OperationNameValue: 'MICROSOFT.DATAFACTORY/FACTORIES/PIPELINES/CREATERUN/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'adf-trigger-nightly', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: adf, message: 'Pipeline policy-nightly-export started (late: upstream delay)' }, _ResourceId: adf.toLowerCase() });

  b.resource({ id: site, name: 'app-policy-api-prod', type: 'Microsoft.Web/sites', kind: 'app,linux', location: 'westeurope', tags: { team: 'policy' }, properties: { state: 'Running', defaultHostName: 'app-policy-api-prod.azurewebsites.net', siteConfig: { numberOfWorkers: 3, linuxFxVersion: 'DOTNETCORE|8.0' } } });
  b.resource({ id: portal, name: 'app-policy-portal-prod', type: 'Microsoft.Web/sites', kind: 'app,linux', location: 'westeurope', tags: { team: 'policy' }, properties: { state: 'Running' } });
  b.resource({ id: server, name: 'sql-policy-prod', type: 'Microsoft.Sql/servers', location: 'westeurope', properties: { state: 'Ready', fullyQualifiedDomainName: 'sql-policy-prod.database.windows.net', version: '12.0' } });
  b.resource({ id: database, name: 'sql-policy-prod/policydb', type: 'Microsoft.Sql/servers/databases', location: 'westeurope', sku: { name: 'GP_Gen5', tier: 'GeneralPurpose', capacity: 8 }, properties: { status: 'Online', maxSizeBytes: 274877906944 } });
  b.resource({ id: adf, name: 'adf-policy-prod', type: 'Microsoft.DataFactory/factories', location: 'westeurope', properties: { provisioningState: 'Succeeded' } });
  b.resource({ id: workspaceRid, name: 'law-policy-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });
  b.resource({ id: appi, name: 'appi-policy-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: appId, WorkspaceResourceId: workspaceRid } });

  const query = "AppExceptions | where AppRoleName == 'policy-api' and OuterMessage has 'obtaining a connection from the pool' | summarize Failures = count()";
  const alert = logAlert(
    b,
    { rule: 'policy-api-sql-pool-timeouts', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev2', description: 'policy-api cannot obtain SQL connections from its pool', targetId: appi, targetType: 'microsoft.insights/components', targetGroup: rg, configurationItem: 'appi-policy-prod', firedAt: -3 * 60, properties: { team: 'policy', service: 'policy-api' } },
    { workspaceId, query, threshold: 10, metricValue: 57, windowMinutes: 10 },
  );
  const manifest = {
    title: 'policy-api cannot get SQL connections: it leaks its own',
    summary: 'policy-api does not dispose its SqlConnection on the documents error path; every instance fills its pool (Max Pool Size 100) over three hours while Azure SQL stays idle, then requests wait 15 s for a connection and fail.',
    workspaces: [{ name: 'law-policy-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-policy-prod', resourceId: appi, appId, workspace: 'law-policy-prod' }],
  };
  const answer = {
    rootCauseCategory: 'connection_pool_exhaustion',
    rootCause: 'policy-api leaks its own SqlClient connections (the documents error path never disposes them): sessions climb steadily to 3 x Max Pool Size 100 while Azure SQL policydb stays at ~25% CPU and never refuses a connection; the pools of all three instances are empty and requests time out obtaining a connection.',
    keyTerms: ['connection', 'pool'],
    requiredEvidence: [
      { description: 'SqlClient pool timeout exceptions in policy-api', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where AppRoleName == 'policy-api' and OuterMessage has 'obtaining a connection from the pool' | summarize n = count() | where n > 20" } },
      { description: 'The database is idle: CPU stays below 40%', table: 'AzureMetrics', check: { kind: 'kql', query: "AzureMetrics | where MetricName == 'cpu_percent' | summarize peak = max(Maximum) | where peak < 40" } },
      { description: 'Sessions climb to three pools of 100', table: 'AzureMetrics', check: { kind: 'kql', query: "AzureMetrics | where MetricName == 'sessions_count' | summarize peak = max(Maximum) | where peak >= 300" } },
      { description: 'The server never refused a connection (no session limit errors)', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'Errors' | summarize limitErrors = countif(error_number_d == 10928), all = count() | where limitErrors == 0 and all > 0" } },
      { description: 'SQL calls that get a connection stay fast', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where DependencyType == 'SQL' | summarize p95 = percentile(DurationMs, 95) | where p95 < 100" } },
    ],
    redHerrings: [
      { description: 'The Data Factory nightly export holds six long sessions on the same database', blame: ['adf-policy-nightly-export', 'data factory', 'nightly export'] },
      { description: 'An app settings write on the staging slot 45 minutes before the alert', blame: ['staging slot', 'app settings', 'PolicySummaryV2'] },
      { description: 'policy-portal slot swap 50 minutes before the alert', blame: ['policy-portal', 'slot swap'] },
    ],
    recommendedActions: ['Restart app-policy-api-prod to return the leaked connections (mitigation)', 'Dispose the SqlConnection / SqlDataReader on the documents error path (using declarations) and add a pool usage alert'],
  };
  return { manifest, alert, answer };
}

export { build };
