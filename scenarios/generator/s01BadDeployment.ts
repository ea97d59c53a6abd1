/** 01: a new revision of the orders API ships a DI misconfiguration; POST /api/orders returns 500. */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-shop-prod';
  const workspaceId = '3b8f1c2d-6e4a-4f7b-9c1d-2a5e8f0b4c61';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-shop-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-shop-prod');
  const app = b.rid(rg, 'Microsoft.App', 'containerApps', 'ca-orders-api');
  const env = b.rid(rg, 'Microsoft.App', 'managedEnvironments', 'cae-shop-prod');
  const deployAt = -35 * 60;
  const switchAt = -32 * 60;
  const oldRev = 'ca-orders-api--v241';
  const newRev = 'ca-orders-api--v250';
  const version = (t: number) => (t < switchAt ? '2.4.1' : '2.5.0');
  const replicas = (t: number) => [`${t < switchAt ? oldRev : newRev}-6d9f8b7c5-${t < switchAt ? 'x2k9p' : 'q7m4t'}`, `${t < switchAt ? oldRev : newRev}-6d9f8b7c5-${t < switchAt ? 'h8w3n' : 'z5c1r'}`];
  const sql = { target: 'sql-shop-prod.database.windows.net | orders', type: 'SQL' as const, name: 'sql-shop-prod.database.windows.net | orders', data: 'SELECT TOP(1) ... FROM [Orders] WHERE [Id] = @p0', medianMs: 9 };
  const redis = { target: 'redis-shop-prod.redis.cache.windows.net', type: 'Redis' as const, name: 'GET', data: 'GET basket:*', medianMs: 2 };
  const ops: Operation[] = [
    { name: 'POST /api/orders', url: '/api/orders', weight: 3, medianMs: 45, dependencies: [redis, sql, { ...sql, data: 'INSERT INTO [Orders] ...' }] },
    { name: 'GET /api/orders/{id}', url: '/api/orders/8812', weight: 5, medianMs: 18, dependencies: [redis, sql] },
    { name: 'GET /api/orders', url: '/api/orders?page=1', weight: 2, medianMs: 30, dependencies: [sql] },
    { name: 'GET /healthz', url: '/healthz', weight: 1, medianMs: 2, dependencies: [] },
  ];
  simulateTraffic(b, {
    from: -4 * 3600,
    to: 0,
    perMinute: 12,
    roleName: 'orders-api',
    host: 'orders.contoso-shop.com',
    resourceId: appi,
    operations: ops,
    instanceAt: (t) => b.rng.pick(replicas(t)),
    versionAt: version,
    effect: (t, op) => {
      // Red herring: a short Redis latency blip two hours ago that resolved by itself.
      if (t > -7800 && t < -7200) return { dependencySlow: { [redis.target]: 40 } };
      if (t >= switchAt && op.name === 'POST /api/orders') {
        return {
          failure: {
            resultCode: '500',
            exception: {
              type: 'System.InvalidOperationException',
              message: "Unable to resolve service for type 'Orders.Pricing.IDiscountEngine' while attempting to activate 'Orders.Api.Controllers.OrdersController'.",
              method: 'Microsoft.Extensions.DependencyInjection.ActivatorUtilities.ThrowHelperUnableToResolveService',
            },
          },
        };
      }
      return {};
    },
  });
  // Pre-existing, unchanged warning (red herring): slow report query every ~10 minutes all day.
  for (let t = -4 * 3600 + 300; t < 0; t += 600) {
    b.add('AppTraces', t, { Message: 'Slow query detected: ReportingRepository.GetDailyTotals took 2140 ms', SeverityLevel: 2, Properties: { CategoryName: 'Orders.Data.ReportingRepository' }, OperationName: 'ReportingJob', AppRoleName: 'orders-api', AppRoleInstance: replicas(t)[0], AppVersion: version(t), ItemCount: 1, _ResourceId: appi });
  }
  b.add('AzureActivity', deployAt, {
    OperationNameValue: 'MICROSOFT.APP/CONTAINERAPPS/WRITE',
    ActivityStatusValue: 'Start',
    CategoryValue: 'Administrative',
    Level: 'Informational',
    Caller: 'a1c4e7f0-2b5d-4c8e-9f1a-3d6b9e2c5f80',
    ResourceGroup: rg,
    CorrelationId: 'c0f3a9e2-7d14-4b6a-8e25-91d7f0b3c4a8',
    Properties_d: { entity: app, message: 'Microsoft.App/containerApps/write', image: 'crshopprod.azurecr.io/orders-api:2.5.0', previousImage: 'crshopprod.azurecr.io/orders-api:2.4.1', pipeline: 'orders-api release #418' },
    _ResourceId: app.toLowerCase(),
  });
  b.add('AzureActivity', deployAt + 95, { OperationNameValue: 'MICROSOFT.APP/CONTAINERAPPS/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'a1c4e7f0-2b5d-4c8e-9f1a-3d6b9e2c5f80', ResourceGroup: rg, CorrelationId: 'c0f3a9e2-7d14-4b6a-8e25-91d7f0b3c4a8', Properties_d: { entity: app, statusCode: 'OK' }, _ResourceId: app.toLowerCase() });
  const sys = (t: number, rev: string, reason: string, log: string, replica = '') =>
    b.add('ContainerAppSystemLogs_CL', t, { ContainerAppName_s: 'ca-orders-api', RevisionName_s: rev, ReplicaName_s: replica, EnvironmentName_s: 'cae-shop-prod', Type_s: 'Normal', Reason_s: reason, Log_s: log, Count_d: 1, _ResourceId: app.toLowerCase() });
  sys(deployAt + 20, newRev, 'RevisionCreation', `Creating new revision ${newRev} with image crshopprod.azurecr.io/orders-api:2.5.0`);
  sys(deployAt + 60, newRev, 'PulledImage', 'Successfully pulled image "crshopprod.azurecr.io/orders-api:2.5.0" in 6.2s', replicas(0)[0]);
  sys(deployAt + 110, newRev, 'RevisionReady', `Revision ${newRev} is ready`);
  sys(switchAt, newRev, 'TrafficWeightUpdated', `Setting traffic weight of '100%' for revision '${newRev}'`);
  sys(switchAt + 40, oldRev, 'RevisionDeactivating', `Deactivating old revision ${oldRev}`);
  for (let t = switchAt; t < 0; t += b.rng.int(20, 50)) {
    b.add('ContainerAppConsoleLogs_CL', t, { ContainerAppName_s: 'ca-orders-api', RevisionName_s: newRev, ContainerGroupName_s: b.rng.pick(replicas(t)), ContainerName_s: 'orders-api', ContainerImage_s: 'crshopprod.azurecr.io/orders-api:2.5.0', EnvironmentName_s: 'cae-shop-prod', Stream_s: 'stderr', Log_s: "fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware[1] An unhandled exception has occurred while executing the request. System.InvalidOperationException: Unable to resolve service for type 'Orders.Pricing.IDiscountEngine'", _ResourceId: app.toLowerCase() });
  }
  const rate = (ago: number) => 12 * (1 + 0.15 * Math.sin(((-ago * 60) / 3600) * Math.PI * 0.5));
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'Requests', unit: 'Count', primaryAggregation: 'Total', dimensions: { statusCodeCategory: '2xx' }, minutes: 240, value: (ago) => Math.round(rate(ago) * (ago <= 32 ? 0.7 : 1)) });
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'Requests', unit: 'Count', primaryAggregation: 'Total', dimensions: { statusCodeCategory: '5xx' }, minutes: 240, value: (ago) => (ago <= 32 ? Math.round(rate(ago) * 0.3) : 0) });
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'UsageNanoCores', unit: 'NanoCores', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago <= 35 && ago >= 31 ? 420e6 : 180e6) + b.rng.next() * 30e6 });
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'Replicas', unit: 'Count', primaryAggregation: 'Maximum', minutes: 240, value: (ago) => (ago <= 35 && ago >= 31 ? 4 : 2) });
  b.resource({ id: app, name: 'ca-orders-api', type: 'Microsoft.App/containerApps', location: 'westeurope', tags: { team: 'orders', env: 'prod' }, properties: { managedEnvironmentId: env, latestRevisionName: newRev, latestReadyRevisionName: newRev, latestRevisionFqdn: `${newRev}.cae-shop-prod.westeurope.azurecontainerapps.io`, provisioningState: 'Succeeded', template: { containers: [{ name: 'orders-api', image: 'crshopprod.azurecr.io/orders-api:2.5.0', resources: { cpu: 0.5, memory: '1Gi' } }] }, configuration: { activeRevisionsMode: 'Single', ingress: { external: true, targetPort: 8080 } } } });
  b.resource({ id: env, name: 'cae-shop-prod', type: 'Microsoft.App/managedEnvironments', location: 'westeurope', properties: { provisioningState: 'Succeeded', appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: workspaceId } } } });
  b.resource({ id: appi, name: 'appi-shop-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { ApplicationId: 'appi-shop-prod', AppId: '9d2e7c41-5b8a-4f3e-a6d0-1c7b4e9f2a35', WorkspaceResourceId: workspaceRid, IngestionMode: 'LogAnalytics' } });
  b.resource({ id: workspaceRid, name: 'law-shop-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId, retentionInDays: 30, sku: { name: 'PerGB2018' } } });
  b.resource({ id: b.rid(rg, 'Microsoft.Cache', 'Redis', 'redis-shop-prod'), name: 'redis-shop-prod', type: 'Microsoft.Cache/Redis', location: 'westeurope', sku: { name: 'Standard', family: 'C', capacity: 1 }, properties: { provisioningState: 'Succeeded', redisVersion: '6.0' } });

  const query = "AppRequests | where AppRoleName == 'orders-api' and toint(ResultCode) >= 500 | summarize Failed = count()";
  const alert = logAlert(
    b,
    { rule: 'orders-api-5xx', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev1', description: 'orders-api is returning HTTP 5xx responses', targetId: workspaceRid, targetType: 'Microsoft.OperationalInsights/workspaces', targetGroup: rg, configurationItem: 'orders-api', firedAt: -3 * 60, properties: { team: 'orders', service: 'orders-api' } },
    { workspaceId, query, threshold: 20, metricValue: 41, windowMinutes: 10 },
  );
  const manifest = {
    title: 'orders-api returns HTTP 500 after release 2.5.0',
    summary: 'A new Container Apps revision of orders-api (2.5.0) fails to resolve a service from dependency injection, so every POST /api/orders returns 500.',
    workspaces: [{ name: 'law-shop-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-shop-prod', resourceId: appi, appId: '9d2e7c41-5b8a-4f3e-a6d0-1c7b4e9f2a35', workspace: 'law-shop-prod' }],
  };
  const answer = {
    rootCauseCategory: 'bad_deployment',
    rootCause: "Release 2.5.0 of orders-api (revision ca-orders-api--v250, deployed ~35 minutes before the alert) cannot resolve 'Orders.Pricing.IDiscountEngine' from dependency injection, so every POST /api/orders fails with HTTP 500.",
    keyTerms: ['2.5.0', 'IDiscountEngine'],
    requiredEvidence: [
      { description: 'HTTP 500s come only from version 2.5.0', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where ResultCode == '500' | summarize Failed = count() by AppVersion | where AppVersion == '2.5.0' and Failed > 50" } },
      { description: 'Version 2.4.1 served the same endpoint without failures', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where AppVersion == '2.4.1' and Name == 'POST /api/orders' | summarize Failed = countif(Success == false), Total = count() | where Failed == 0 and Total > 100" } },
      { description: 'The failures are InvalidOperationException for IDiscountEngine', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where ExceptionType == 'System.InvalidOperationException' and OuterMessage has 'IDiscountEngine' | take 5" } },
      { description: 'A container app write (image 2.5.0) succeeded just before the errors began', table: 'AzureActivity', check: { kind: 'kql', query: "AzureActivity | where OperationNameValue =~ 'MICROSOFT.APP/CONTAINERAPPS/WRITE' and ActivityStatusValue == 'Success'" } },
      { description: 'The platform shifted all traffic to the new revision', table: 'ContainerAppSystemLogs_CL', check: { kind: 'kql', query: "ContainerAppSystemLogs_CL | where Reason_s == 'TrafficWeightUpdated' and RevisionName_s == 'ca-orders-api--v250'" } },
      { description: 'The 5xx metric of the container app rose from zero', metric: 'Requests', check: { kind: 'metric', resourceId: app, namespace: 'Microsoft.App/containerApps', metric: 'Requests', aggregation: 'Total', operator: 'GreaterThan', threshold: 1 } },
    ],
    redHerrings: [
      { description: 'Redis latency blip about two hours earlier that recovered on its own', blame: ['redis', 'cache latency'] },
      { description: 'Recurring slow reporting query warnings, present all day', blame: ['slow query', 'ReportingRepository', 'database'] },
    ],
    recommendedActions: ['Roll traffic back to revision ca-orders-api--v241 (az containerapp ingress traffic set -n ca-orders-api -g rg-shop-prod --revision-weight ca-orders-api--v241=100)', 'Register IDiscountEngine in the DI container and add a startup smoke test for POST /api/orders'],
  };
  return { manifest, alert, answer };
}

export { build };
