/** 05: the external payment provider slows down; checkout latency rises while everything local is healthy. */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-shop-prod';
  const workspaceId = '2d6f8a0c-3e5b-4a7d-9c1e-5b7d9f1a3c85';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-checkout-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-checkout-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-checkout-prod-weu');
  const slowFrom = -38 * 60;
  const payments = 'api.payfast-partner.example';
  const sql = { target: 'sql-checkout-prod.database.windows.net | checkout', type: 'SQL' as const, name: 'sql-checkout-prod.database.windows.net | checkout', data: 'SELECT * FROM Carts WHERE Id = @id', medianMs: 7 };
  const ops: Operation[] = [
    { name: 'POST /api/checkout/pay', url: '/api/checkout/pay', weight: 3, medianMs: 25, dependencies: [sql, { target: payments, type: 'HTTP', name: 'POST /v3/charges', data: `https://${payments}/v3/charges`, medianMs: 180 }] },
    { name: 'GET /api/cart', url: '/api/cart', weight: 6, medianMs: 12, dependencies: [sql] },
    { name: 'POST /api/cart/items', url: '/api/cart/items', weight: 3, medianMs: 15, dependencies: [sql] },
  ];
  const instances = ['pd1sdwk0000A1', 'pd1sdwk0000A2', 'pd1sdwk0000A3'];
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 13, roleName: 'checkout-api', host: 'checkout.contoso-shop.com', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(instances), versionAt: () => '7.4.0',
    effect: (t, op) => {
      if (t < slowFrom || op.name !== 'POST /api/checkout/pay') return {};
      if (b.rng.chance(0.06)) {
        return { failure: { resultCode: '504', failedDependency: { target: payments, resultCode: 'Canceled', durationMs: 10000 }, exception: { type: 'System.Threading.Tasks.TaskCanceledException', message: 'The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing.', method: 'Checkout.Payments.PayFastClient.ChargeAsync', innermostType: 'System.TimeoutException', innermostMessage: 'The operation was canceled.' } } };
      }
      return { dependencySlow: { [payments]: 22 } };
    },
  });
  for (let t = slowFrom + 30; t < 0; t += b.rng.int(15, 45)) {
    b.add('AppTraces', t, { Message: `Retry 1 of 3 for PayFast charge after ${b.rng.int(4100, 9800)} ms (Polly)`, SeverityLevel: 2, Properties: { CategoryName: 'Checkout.Payments.PayFastClient', target: payments }, OperationName: 'POST /api/checkout/pay', AppRoleName: 'checkout-api', AppRoleInstance: b.rng.pick(instances), AppVersion: '7.4.0', ItemCount: 1, _ResourceId: appi });
  }
  // Red herring: a feature-flag app setting change three hours ago (recommendations panel), long before the slowdown.
  b.add('AzureActivity', -3 * 3600 - 1200, { OperationNameValue: 'MICROSOFT.WEB/SITES/CONFIG/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'maria.lopez@contoso-shop.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${site}/config/appsettings`, message: 'Updated app setting FEATURE_RECOMMENDATIONS_PANEL=true' }, _ResourceId: site.toLowerCase() });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'HttpResponseTime', unit: 'Seconds', primaryAggregation: 'Average', dimensions: { Instance: 'pd1sdwk0000A2' }, minutes: 240, value: (ago) => (ago <= 38 ? 1.9 + b.rng.next() * 1.2 : 0.07 + b.rng.next() * 0.03) });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'CpuTime', unit: 'Seconds', primaryAggregation: 'Total', minutes: 240, value: () => 9 + b.rng.next() * 2 });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Requests', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: () => 13 + b.rng.int(-2, 2) });
  b.resource({ id: site, name: 'app-checkout-prod-weu', type: 'Microsoft.Web/sites', kind: 'app', location: 'westeurope', tags: { team: 'payments' }, properties: { state: 'Running', defaultHostName: 'app-checkout-prod-weu.azurewebsites.net' } });
  b.resource({ id: b.rid(rg, 'Microsoft.Sql', 'servers', 'sql-checkout-prod'), name: 'sql-checkout-prod', type: 'Microsoft.Sql/servers', location: 'westeurope', properties: { state: 'Ready', version: '12.0' } });
  b.resource({ id: appi, name: 'appi-checkout-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '6a0c2e4f-8b1d-4f5a-b9c3-d7e1f3a5b967', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-checkout-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'checkout-api-p95-latency-high', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'HTTP response time of the checkout API is above 1.5s', targetId: site, targetType: 'Microsoft.Web/sites', targetGroup: rg, configurationItem: 'app-checkout-prod-weu', firedAt: -30 * 60, properties: { team: 'payments', runbook: 'https://wiki.example.internal/runbooks/checkout-latency' } },
    { metricName: 'HttpResponseTime', metricNamespace: 'Microsoft.Web/sites', operator: 'GreaterThan', threshold: 1.5, timeAggregation: 'Average', metricValue: 2.846, windowMinutes: 5, dimensions: [{ name: 'Instance', value: 'pd1sdwk0000A2' }] },
  );
  const manifest = {
    title: 'Checkout latency alert: the payment provider slowed down',
    summary: 'Calls to the external PayFast charges API went from ~180 ms to several seconds; only the pay endpoint is slow, local resources are healthy.',
    workspaces: [{ name: 'law-checkout-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-checkout-prod', resourceId: appi, appId: '6a0c2e4f-8b1d-4f5a-b9c3-d7e1f3a5b967', workspace: 'law-checkout-prod' }],
  };
  const answer = {
    rootCauseCategory: 'slow_dependency',
    rootCause: 'The external payment API api.payfast-partner.example (POST /v3/charges) slowed from about 180 ms to about 4 s from ~38 minutes before; POST /api/checkout/pay waits on it (with Polly retries and some 10 s timeouts), which lifts the app response time. SQL, CPU and the other endpoints are unchanged.',
    keyTerms: ['payfast', 'dependency'],
    requiredEvidence: [
      { description: 'PayFast call duration jumped in the last 40 minutes', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where Target == 'api.payfast-partner.example' and TimeGenerated > ago(35m) | summarize avgMs = avg(DurationMs) | where avgMs > 2000" } },
      { description: 'Before the incident PayFast answered quickly', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where Target == 'api.payfast-partner.example' and TimeGenerated < ago(45m) | summarize avgMs = avg(DurationMs) | where avgMs < 400" } },
      { description: 'SQL latency is unchanged', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where DependencyType == 'SQL' and TimeGenerated > ago(35m) | summarize avgMs = avg(DurationMs) | where avgMs < 50" } },
      { description: 'Timeouts calling PayFast', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where ExceptionType == 'System.Threading.Tasks.TaskCanceledException' and Method contains 'PayFast' | take 3" } },
    ],
    redHerrings: [
      { description: 'App setting change (recommendations feature flag) three hours before the slowdown', blame: ['FEATURE_RECOMMENDATIONS_PANEL', 'feature flag', 'config change'] },
      { description: 'CPU is flat; the app is waiting, not busy', blame: ['cpu', 'scale out'] },
    ],
    recommendedActions: ['Open a ticket with PayFast and check their status page; consider failing over to the secondary payment provider', 'Lower the PayFast timeout and add a circuit breaker so checkout degrades fast instead of waiting'],
  };
  return { manifest, alert, answer };
}

export { build };
