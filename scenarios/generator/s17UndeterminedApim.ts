/**
 * 17: an incident no plan explains. The partner API behind API Management answers about 8 % of
 * quote requests with 502, at the same rate for the three hours in the data. The backend is a
 * partner's service whose telemetry is not here. An APIM policy change in the window and a
 * Service Health notice for another region are red herrings; the honest answer is `undetermined`.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-partners-prod';
  const workspaceId = '1f3b5d7e-9a2c-4e4f-8b6d-0c2e4a6b8d71';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-partners-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-partners-prod');
  const apim = b.rid(rg, 'Microsoft.ApiManagement', 'service', 'apim-partners-prod');
  const backend = 'quotes.partner-insure.example';
  const ops: Operation[] = [
    { name: 'partner-quotes;rev=3 - create-quote', url: '/quotes/v1/quotes', weight: 3, medianMs: 25, dependencies: [{ target: backend, type: 'HTTP', name: 'POST /api/quotes', data: `https://${backend}/api/quotes`, medianMs: 210 }] },
    { name: 'partner-quotes;rev=3 - get-quote', url: '/quotes/v1/quotes/q-5521', weight: 4, medianMs: 12, dependencies: [{ target: backend, type: 'HTTP', name: 'GET /api/quotes/{id}', data: `https://${backend}/api/quotes/q-5521`, medianMs: 80 }] },
    { name: 'partner-catalog;rev=1 - list-products', url: '/catalog/v1/products', weight: 2, medianMs: 6, dependencies: [] },
  ];
  simulateTraffic(b, {
    from: -3 * 3600, to: 0, perMinute: 24, roleName: 'apim-partners-prod West Europe', host: 'apim-partners-prod.azure-api.net', resourceId: appi, operations: ops,
    instanceAt: () => 'apim-partners-prod_westeurope_0', versionAt: () => '', dependencySample: 1,
    effect: (_t, op) => {
      if (op.name !== 'partner-quotes;rev=3 - create-quote' || !b.rng.chance(0.08)) return {};
      return { failure: { resultCode: '502', failedDependency: { target: backend, resultCode: '502', durationMs: b.rng.int(40, 90) } } };
    },
  });
  const activity = (t: number, category: string, operation: string, level: string, resource: string, properties: Record<string, unknown>) =>
    b.add('AzureActivity', t, { OperationNameValue: operation, ActivityStatusValue: category === 'Administrative' ? 'Success' : 'Active', CategoryValue: category, Level: level, Caller: category === 'Administrative' ? 'apim-devops@contoso.com' : '', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: resource, ...properties }, _ResourceId: resource.toLowerCase() });
  // Red herring: a rate-limit policy edit on the catalog API 25 minutes before the alert (the 502s are older and on another API).
  activity(-35 * 60, 'Administrative', 'MICROSOFT.APIMANAGEMENT/SERVICE/APIS/POLICIES/WRITE', 'Informational', `${apim}/apis/partner-catalog`, { message: 'rate-limit-by-key calls=200 renewal-period=60 on partner-catalog' });
  // Red herring: a Service Health maintenance notice for API Management in another region.
  activity(-50 * 60, 'ServiceHealth', 'Microsoft.ServiceHealth/maintenance/action', 'Informational', `/subscriptions/${b.subscriptionId}`, { title: 'Planned maintenance: API Management in Australia East', region: 'Australia East', service: 'API Management' });
  b.metric({ resourceId: apim, namespace: 'Microsoft.ApiManagement/service', name: 'Requests', unit: 'Count', primaryAggregation: 'Total', dimensions: { GatewayResponseCodeCategory: '5xx' }, minutes: 180, value: () => b.rng.int(0, 3) });
  b.metric({ resourceId: apim, namespace: 'Microsoft.ApiManagement/service', name: 'Capacity', unit: 'Percent', primaryAggregation: 'Average', minutes: 180, value: () => 22 + b.rng.next() * 6 });
  b.resource({ id: apim, name: 'apim-partners-prod', type: 'Microsoft.ApiManagement/service', location: 'westeurope', sku: { name: 'Standard', capacity: 1 }, properties: { gatewayUrl: 'https://apim-partners-prod.azure-api.net', provisioningState: 'Succeeded' } });
  b.resource({ id: appi, name: 'appi-partners-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '6a8c0e2f-4b1d-4f3a-9c5e-8d0f2b4a6c93', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-partners-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'apim-partners-failed-requests', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev2', description: 'More than 15 failed gateway requests in 15 minutes', targetId: apim, targetType: 'Microsoft.ApiManagement/service', targetGroup: rg, configurationItem: 'apim-partners-prod', firedAt: -10 * 60, properties: { team: 'partners' } },
    { metricName: 'Requests', metricNamespace: 'Microsoft.ApiManagement/service', operator: 'GreaterThan', threshold: 15, timeAggregation: 'Total', metricValue: 18, windowMinutes: 15, dimensions: [{ name: 'GatewayResponseCodeCategory', value: '5xx' }] },
  );
  const manifest = {
    title: 'apim-partners-prod failed requests: cause outside the telemetry (undetermined)',
    summary: 'About 8 % of create-quote calls through API Management fail with 502 from the partner backend, at the same rate for hours. The backend belongs to a partner; nothing here says why it fails. The honest report is undetermined.',
    workspaces: [{ name: 'law-partners-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-partners-prod', resourceId: appi, appId: '6a8c0e2f-4b1d-4f3a-9c5e-8d0f2b4a6c93', workspace: 'law-partners-prod' }],
  };
  const answer = {
    rootCauseCategory: 'undetermined',
    rootCause: `Undetermined from this telemetry: about 8 % of create-quote calls fail because the partner backend ${backend} answers 502, at the same rate for three hours. The backend's own logs are not in this workspace, so nothing here shows why it fails.`,
    requiredEvidence: [
      { description: 'Create-quote calls to the partner backend fail with 502', table: 'AppDependencies', check: { kind: 'kql', query: `AppDependencies | where Target == '${backend}' and ResultCode == '502' | take 3` } },
      { description: 'The failure rate was the same long before the alert', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where TimeGenerated < ago(2h) and Success == false | take 3" } },
    ],
    redHerrings: [
      { description: 'Rate-limit policy edit on the catalog API 25 minutes before the alert; the 502s are older and on the quotes API', blame: ['rate-limit', 'policy'] },
      { description: 'Service Health maintenance notice for API Management in Australia East', blame: ['maintenance', 'Australia East', 'service health'] },
    ],
    recommendedActions: [`Ask the partner for their logs of ${backend} around the 502s`, 'Add a retry policy on create-quote for 502 with an idempotency key'],
  };
  return { manifest, alert, answer };
}

export { build };
