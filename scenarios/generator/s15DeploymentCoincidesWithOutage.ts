/**
 * 15: a deployment that coincides with, but does not cause, the errors. storefront-api (App Service)
 * routes 20 % of its traffic to release 3.1.0 on the staging slot from 40 minutes before the alert;
 * ten minutes later the card provider starts timing out, and every checkout that calls it fails on
 * both versions. Over the whole window the new version looks worse (it ran only during the outage);
 * within the same time slices both versions fail alike, which rules the release out.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-storefront-prod';
  const workspaceId = '5d7f9b1c-3e5a-4c7e-9f1b-6a8c0e2d4f37';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-storefront-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-storefront-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-storefront-api');
  const slot = b.rid(rg, 'Microsoft.Web', 'sites', 'app-storefront-api', 'slots', 'staging');
  const canaryAt = -40 * 60;
  const outageAt = -30 * 60;
  const provider = 'api.cardvault-pay.com';
  const production = ['app-storefront-api_0a1b2c', 'app-storefront-api_3d4e5f'];
  const staging = 'app-storefront-api__staging_7g8h9i';
  const sql = { target: 'sql-checkout-prod.database.windows.net | checkout', type: 'SQL' as const, name: 'sql-checkout-prod.database.windows.net | checkout', data: 'SELECT * FROM Carts WHERE Id = @id', medianMs: 7 };
  const redis = { target: 'redis-checkout-prod.redis.cache.windows.net', type: 'Redis' as const, name: 'GET', data: 'GET cart:*', medianMs: 2 };
  const card = { target: provider, type: 'HTTP' as const, name: 'POST /v2/authorizations', data: `https://${provider}/v2/authorizations`, medianMs: 180 };
  const ops: Operation[] = [
    { name: 'POST /api/checkout', url: '/api/checkout', weight: 3, medianMs: 60, dependencies: [redis, sql, card] },
    { name: 'GET /api/cart/{id}', url: '/api/cart/51f0', weight: 5, medianMs: 15, dependencies: [redis, sql] },
    { name: 'GET /api/shipping-options', url: '/api/shipping-options', weight: 2, medianMs: 20, dependencies: [sql] },
  ];
  let instance = production[0]!;
  simulateTraffic(b, {
    from: -3 * 3600, to: 0, perMinute: 30, roleName: 'storefront-api', host: 'checkout.contoso-shop.com', resourceId: appi, operations: ops,
    // App Service "testing in production": 20 % of requests go to the staging slot once the ramp-up rule is set.
    instanceAt: (t) => (instance = t >= canaryAt && b.rng.chance(0.2) ? staging : b.rng.pick(production)),
    versionAt: () => (instance === staging ? '3.1.0' : '3.0.4'),
    effect: (t, op) => {
      if (t < outageAt || op.name !== 'POST /api/checkout' || !b.rng.chance(0.9)) return {};
      return {
        failure: {
          resultCode: '500',
          failedDependency: { target: provider, resultCode: 'Canceled', durationMs: 30000 },
          exception: {
            type: 'System.Threading.Tasks.TaskCanceledException',
            message: 'The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.',
            method: 'Checkout.Payments.CardVaultClient.AuthorizeAsync',
            innermostType: 'System.TimeoutException',
            innermostMessage: 'A task was canceled.',
          },
        },
      };
    },
  });
  // Background: StackExchange.Redis reconnects now and then all day (a known, harmless warning).
  for (let t = -3 * 3600 + 200; t < 0; t += b.rng.int(600, 1500)) {
    b.add('AppTraces', t, { Message: 'StackExchange.Redis: connection to redis-checkout-prod.redis.cache.windows.net:6380 restored after 1 reconnect attempt', SeverityLevel: 2, Properties: { CategoryName: 'Storefront.Caching' }, AppRoleName: 'storefront-api', AppRoleInstance: b.rng.pick(production), AppVersion: '3.0.4', ItemCount: 1, _ResourceId: appi });
  }
  const activity = (t: number, operation: string, resource: string, properties: Record<string, unknown>) =>
    b.add('AzureActivity', t, { OperationNameValue: operation, ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'release-pipeline@contoso-shop.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: resource, ...properties }, _ResourceId: resource.toLowerCase() });
  // Red herring: the release of 3.1.0 to the staging slot and the 20 % ramp-up, ten minutes before the outage.
  activity(canaryAt - 300, 'MICROSOFT.WEB/SITES/SLOTS/WRITE', slot, { message: 'Deploy storefront-api 3.1.0 to slot staging', pipeline: 'storefront-api release #207' });
  activity(canaryAt, 'MICROSOFT.WEB/SITES/CONFIG/WRITE', site, { message: 'experiments.rampUpRules: staging 20%' });
  // Red herring: an autoscale scale-out on CPU two hours earlier, back to normal since.
  activity(-2 * 3600, 'MICROSOFT.INSIGHTS/AUTOSCALESETTINGS/WRITE', b.rid(rg, 'Microsoft.Insights', 'autoscalesettings', 'as-checkout'), { message: 'Autoscale scale out from 2 to 3 instances (CpuPercentage > 70)' });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Http5xx', unit: 'Count', primaryAggregation: 'Total', minutes: 180, value: (ago) => (ago <= 30 ? 8 + b.rng.int(0, 3) : 0) });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'CpuTime', unit: 'Seconds', primaryAggregation: 'Total', minutes: 180, value: (ago) => (ago > 110 && ago < 125 ? 95 : 30) + b.rng.next() * 8 });
  b.resource({ id: site, name: 'app-storefront-api', type: 'Microsoft.Web/sites', kind: 'app,linux', location: 'westeurope', tags: { team: 'checkout' }, properties: { state: 'Running', defaultHostName: 'app-storefront-api.azurewebsites.net', siteConfig: { experiments: { rampUpRules: [{ name: 'staging', reroutePercentage: 20 }] } } } });
  b.resource({ id: slot, name: 'app-storefront-api/staging', type: 'Microsoft.Web/sites/slots', kind: 'app,linux', location: 'westeurope', tags: { team: 'checkout' }, properties: { state: 'Running' } });
  b.resource({ id: appi, name: 'appi-storefront-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d08', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-storefront-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const query = "AppRequests | where AppRoleName == 'storefront-api' and toint(ResultCode) >= 500 | summarize Failed = count()";
  const alert = logAlert(
    b,
    { rule: 'storefront-api-5xx', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev1', description: 'storefront-api is returning HTTP 5xx responses', targetId: workspaceRid, targetType: 'Microsoft.OperationalInsights/workspaces', targetGroup: rg, configurationItem: 'storefront-api', firedAt: -4 * 60, properties: { team: 'checkout', service: 'storefront-api' } },
    { workspaceId, query, threshold: 30, metricValue: 74, windowMinutes: 10 },
  );
  const manifest = {
    title: 'storefront-api 5xx while release 3.1.0 ramps up, caused by card provider timeouts',
    summary: 'Release 3.1.0 takes 20 % of storefront-api traffic ten minutes before the card provider starts timing out. Both versions fail alike in the same minutes; the release is a coincidence.',
    workspaces: [{ name: 'law-storefront-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-storefront-prod', resourceId: appi, appId: '2b4d6f8a-0c1e-4a3b-9d5f-7e9a1c3b5d08', workspace: 'law-storefront-prod' }],
  };
  const answer = {
    rootCauseCategory: 'slow_dependency',
    acceptableCategories: ['dependency_outage'],
    rootCause: `Calls from POST /api/checkout to the card provider ${provider} time out after 30 s (TaskCanceledException, inner TimeoutException) since 30 minutes before the alert, so checkouts fail with HTTP 500 on both 3.0.4 and 3.1.0.`,
    keyTerms: ['cardvault'],
    requiredEvidence: [
      { description: 'Calls to the card provider fail after 30 s', table: 'AppDependencies', check: { kind: 'kql', query: `AppDependencies | where Target == '${provider}' and Success == false and DurationMs >= 30000 | summarize n = count() | where n > 100` } },
      { description: 'Both versions fail alike while both serve', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where TimeGenerated > ago(29m) | summarize failed = countif(Success == false), total = count() by AppVersion | extend failRate = todouble(failed) / total | summarize versions = count(), low = min(failRate), high = max(failRate) | where versions == 2 and low > 0.15 and high < 1.5 * low" } },
      { description: 'The failures are HttpClient timeouts', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where ExceptionType == 'System.Threading.Tasks.TaskCanceledException' and InnermostType == 'System.TimeoutException' | take 3" } },
    ],
    redHerrings: [
      { description: 'Release 3.1.0 on the staging slot, ramped up to 20 % ten minutes before the outage: it fails at the same rate as 3.0.4', blame: ['3.1.0', 'staging slot', 'ramp-up'] },
      { description: 'StackExchange.Redis reconnect warnings, present all day', blame: ['redis'] },
      { description: 'Autoscale scale-out on CPU two hours earlier', blame: ['autoscale', 'cpu'] },
    ],
    ruledOut: [{ category: 'bad_deployment', description: 'release 3.1.0 fails at the same rate as 3.0.4 in the same time slices' }],
    recommendedActions: [`Fail over to the secondary card provider or queue authorizations while ${provider} times out`, 'Lower the HttpClient timeout and add a circuit breaker on card authorizations'],
  };
  return { manifest, alert, answer };
}

export { build };
