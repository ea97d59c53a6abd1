/**
 * 18: Application Gateway backends unreachable after a network change. A Terraform run adds a
 * deny rule to the backend subnet's NSG; the gateway's probes stop reaching the web VMs, every
 * backend turns unhealthy and clients get 502 answered by the gateway itself. The backends are
 * fine (they simply receive nothing). A listener certificate nearing expiry and a backend image
 * rollout hours earlier are red herrings.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-edge-prod';
  const workspaceId = '8b0d2f4a-6c1e-4e3b-a5d7-9f1b3d5e7a26';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-edge-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-edge-prod');
  const agw = b.rid(rg, 'Microsoft.Network', 'applicationGateways', 'agw-shop-edge');
  const nsg = b.rid(rg, 'Microsoft.Network', 'networkSecurityGroups', 'nsg-web-backend');
  const vmss = b.rid(rg, 'Microsoft.Compute', 'virtualMachineScaleSets', 'vmss-shop-web');
  const kv = b.rid(rg, 'Microsoft.KeyVault', 'vaults', 'kv-edge-prod');
  const blockedAt = -38 * 60;
  const host = 'www.contoso-outlet.com';
  const backends = ['10.30.2.4:443', '10.30.2.5:443'];
  const ops: Operation[] = [
    { name: 'GET /', url: '/', weight: 5, medianMs: 30, dependencies: [{ target: 'sql-outlet-prod.database.windows.net | outlet', type: 'SQL', name: 'sql-outlet-prod.database.windows.net | outlet', data: 'SELECT TOP(20) * FROM Products', medianMs: 6 }] },
    { name: 'GET /product/{id}', url: '/product/4410', weight: 4, medianMs: 25, dependencies: [] },
    { name: 'GET /healthz', url: '/healthz', weight: 1, medianMs: 2, dependencies: [] },
  ];
  // The web VMs serve normally until the deny rule; after it nothing reaches them.
  simulateTraffic(b, {
    from: -3 * 3600, to: blockedAt, perMinute: 20, roleName: 'shop-web', host, resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(['vmss-shop-web_0', 'vmss-shop-web_1']), versionAt: () => '4.2.0', effect: () => ({}),
  });
  for (let t = -3 * 3600 + 30; t < 0; t += 300) {
    b.add('AppTraces', t, { Message: `Cache refresh completed: ${b.rng.int(4100, 4300)} products`, SeverityLevel: 1, Properties: { CategoryName: 'Shop.Web.Catalog' }, OperationName: 'CatalogRefresh', AppRoleName: 'shop-web', AppRoleInstance: 'vmss-shop-web_0', AppVersion: '4.2.0', ItemCount: 1, _ResourceId: appi });
  }
  b.defineAzureDiagnostics([
    ['listenerName_s', 'string'], ['ruleName_s', 'string'], ['backendPoolName_s', 'string'], ['host_s', 'string'], ['requestUri_s', 'string'],
    ['httpStatus_d', 'real'], ['serverStatus_s', 'string'], ['serverRouted_s', 'string'], ['timeTaken_d', 'real'], ['sslEnabled_s', 'string'],
    ['clientIp_s', 'string'], ['error_info_s', 'string'], ['id_s', 'string'],
  ]);
  const agwBase = { ResourceId: agw.toUpperCase(), Resource: 'AGW-SHOP-EDGE', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.NETWORK', ResourceType: 'APPLICATIONGATEWAYS', _ResourceId: agw.toLowerCase() };
  for (let t = -3 * 3600; t < 0; t += b.rng.next() * 4 + 2) {
    // Probes time out for a few minutes before the gateway marks the last backend down.
    const blocked = t >= blockedAt + 90;
    const routed = blocked ? '' : b.rng.pick(backends);
    const status = !blocked && b.rng.chance(0.004) ? 404 : 200;
    b.add('AzureDiagnostics', t, { ...agwBase, Category: 'ApplicationGatewayAccessLog', OperationName: 'ApplicationGatewayAccess', Level: 'Informational', listenerName_s: 'lst-www-https', ruleName_s: 'rule-www', backendPoolName_s: 'pool-shop-web', host_s: host, requestUri_s: b.rng.pick(['/', '/product/4410', '/cart']), httpStatus_d: blocked ? 502 : status, serverStatus_s: blocked ? '' : String(status), serverRouted_s: routed, timeTaken_d: blocked ? 0.001 : b.rng.latency(0.05), sslEnabled_s: 'on', clientIp_s: `203.0.113.${b.rng.int(2, 250)}`, error_info_s: blocked ? 'ERRORINFO_UPSTREAM_NO_LIVE' : 'ERRORINFO_NO_ERROR' });
  }
  // Red herring: Key Vault warns that the gateway's listener certificate expires in 21 days.
  const kvBase = { ResourceId: kv.toUpperCase(), Resource: 'KV-EDGE-PROD', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'VAULTS', _ResourceId: kv.toLowerCase(), Category: 'AuditEvent', Level: 'Informational' };
  b.add('AzureDiagnostics', -55 * 60, { ...kvBase, OperationName: 'CertificateNearExpiryEventGridNotification', Message: 'Certificate www-contoso-outlet-com expires in 21 day(s)', id_s: 'https://kv-edge-prod.vault.azure.net/certificates/www-contoso-outlet-com/9a7c5e3b1d' });
  const activity = (t: number, operation: string, resource: string, caller: string, properties: Record<string, unknown>) =>
    b.add('AzureActivity', t, { OperationNameValue: operation, ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: caller, ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: resource, ...properties }, _ResourceId: resource.toLowerCase() });
  // The cause: a Terraform run adds a deny rule in front of the gateway's allow rule.
  activity(blockedAt, 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', `${nsg}/securityRules/deny-vnet-inbound-temp`, 'terraform-edge-sp', { message: 'securityRules/deny-vnet-inbound-temp: priority 110, Deny, Inbound, source VirtualNetwork, destination port *', pipeline: 'edge-network apply #93' });
  // Red herring: the web image rollout 4.2.0, two and a half hours earlier (served fine since).
  activity(-150 * 60, 'MICROSOFT.COMPUTE/VIRTUALMACHINESCALESETS/WRITE', vmss, 'release-pipeline@contoso-outlet.com', { message: 'vmss-shop-web image shop-web:4.2.0, rolling upgrade' });
  b.metric({ resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', name: 'UnhealthyHostCount', unit: 'Count', primaryAggregation: 'Average', dimensions: { BackendSettingsPool: 'pool-shop-web~settings-https' }, minutes: 180, value: (ago) => (ago <= 36 ? 2 : 0) });
  b.metric({ resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', name: 'HealthyHostCount', unit: 'Count', primaryAggregation: 'Average', dimensions: { BackendSettingsPool: 'pool-shop-web~settings-https' }, minutes: 180, value: (ago) => (ago <= 36 ? 0 : 2) });
  b.metric({ resourceId: vmss, namespace: 'Microsoft.Compute/virtualMachineScaleSets', name: 'Percentage CPU', unit: 'Percent', primaryAggregation: 'Average', minutes: 180, value: (ago) => (ago <= 37 ? 2 : 24) + b.rng.next() * 3 });
  b.resource({ id: agw, name: 'agw-shop-edge', type: 'Microsoft.Network/applicationGateways', location: 'westeurope', properties: { operationalState: 'Running', sku: { name: 'WAF_v2', tier: 'WAF_v2' }, backendAddressPools: [{ name: 'pool-shop-web', properties: { backendAddresses: [{ ipAddress: '10.30.2.4' }, { ipAddress: '10.30.2.5' }] } }] } });
  b.resource({ id: nsg, name: 'nsg-web-backend', type: 'Microsoft.Network/networkSecurityGroups', location: 'westeurope', properties: { securityRules: [{ name: 'deny-vnet-inbound-temp', properties: { priority: 110, access: 'Deny', direction: 'Inbound', sourceAddressPrefix: 'VirtualNetwork', destinationPortRange: '*', protocol: '*' } }, { name: 'allow-agw-subnet-443', properties: { priority: 200, access: 'Allow', direction: 'Inbound', sourceAddressPrefix: '10.30.0.0/24', destinationPortRange: '443', protocol: 'Tcp' } }] } });
  b.resource({ id: vmss, name: 'vmss-shop-web', type: 'Microsoft.Compute/virtualMachineScaleSets', location: 'westeurope', sku: { name: 'Standard_D2s_v5', capacity: 2 }, properties: { provisioningState: 'Succeeded' } });
  b.resource({ id: appi, name: 'appi-edge-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '3c5e7a9b-1d2f-4b4d-8e6a-0b2d4f6a8c15', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-edge-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'agw-shop-edge-unhealthy-backends', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'Application Gateway agw-shop-edge has unhealthy backend hosts', targetId: agw, targetType: 'Microsoft.Network/applicationGateways', targetGroup: rg, configurationItem: 'agw-shop-edge', firedAt: -33 * 60, properties: { team: 'edge' } },
    { metricName: 'UnhealthyHostCount', metricNamespace: 'Microsoft.Network/applicationGateways', operator: 'GreaterThan', threshold: 0, timeAggregation: 'Average', metricValue: 2, windowMinutes: 5, dimensions: [{ name: 'BackendSettingsPool', value: 'pool-shop-web~settings-https' }] },
  );
  const manifest = {
    title: 'Application Gateway 502: an NSG deny rule blocks the backends',
    summary: 'A Terraform run adds deny-vnet-inbound-temp (priority 110) to the backend subnet NSG; the gateway can no longer reach the web VMs, marks them unhealthy and answers 502 itself.',
    workspaces: [{ name: 'law-edge-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-edge-prod', resourceId: appi, appId: '3c5e7a9b-1d2f-4b4d-8e6a-0b2d4f6a8c15', workspace: 'law-edge-prod' }],
  };
  const answer = {
    rootCauseCategory: 'network_connectivity',
    rootCause: 'A Terraform run (edge-network apply #93) added NSG rule deny-vnet-inbound-temp (priority 110, Deny from VirtualNetwork) to nsg-web-backend, ahead of the rule allowing the gateway subnet; Application Gateway agw-shop-edge can no longer reach the backends, marks them unhealthy and answers 502 without routing.',
    keyTerms: ['nsg-web-backend'],
    requiredEvidence: [
      { description: 'The NSG rule write just before the 502s', table: 'AzureActivity', check: { kind: 'kql', query: "AzureActivity | where OperationNameValue == 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE' and _ResourceId has 'nsg-web-backend'" } },
      { description: 'The gateway answers 502 without reaching a backend (no live upstream)', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'ApplicationGatewayAccessLog' and httpStatus_d == 502 and serverRouted_s == '' | summarize n = count() | where n > 100" } },
      { description: 'Backends reported unhealthy', metric: 'UnhealthyHostCount', check: { kind: 'metric', resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', metric: 'UnhealthyHostCount', aggregation: 'Maximum', operator: 'GreaterThan', threshold: 0 } },
    ],
    redHerrings: [
      { description: 'Key Vault near-expiry notice for the listener certificate (21 days left)', blame: ['certificate', 'expires', 'expiry'] },
      { description: 'vmss-shop-web image rollout 4.2.0 two and a half hours earlier; it served normally since', blame: ['4.2.0', 'rolling upgrade'] },
    ],
    ruledOut: [
      { category: 'certificate_expiry', description: 'no certificate has expired and no probe reports a certificate error' },
      { category: 'bad_deployment', description: 'requests that reached the backends were answered normally' },
    ],
    recommendedActions: ['Remove NSG rule deny-vnet-inbound-temp from nsg-web-backend (or move it after allow-agw-subnet-443); the probes recover on their own', 'Add a policy or plan check that keeps the gateway subnet allowed to the backend ports'],
  };
  return { manifest, alert, answer };
}

export { build };
