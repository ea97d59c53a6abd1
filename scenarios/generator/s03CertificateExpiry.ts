/** 03: the backend TLS certificate behind Application Gateway expired; backends turn unhealthy, clients get 502. */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-portal-prod';
  const workspaceId = 'f2a6c8e0-4b1d-4c3e-8a5f-6d9b1e3c7a42';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-portal-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-portal-prod');
  const agw = b.rid(rg, 'Microsoft.Network', 'applicationGateways', 'agw-portal-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-portal-api-prod');
  const kv = b.rid(rg, 'Microsoft.KeyVault', 'vaults', 'kv-portal-prod');
  const cert = b.rid(rg, 'Microsoft.Web', 'certificates', 'api-contoso-portal-com');
  const expiredAt = -46 * 60;
  const api = 'api.contoso-portal.com';
  const ops: Operation[] = [
    { name: 'GET /portal/dashboard', url: '/portal/dashboard', weight: 5, medianMs: 40, dependencies: [{ target: api, type: 'HTTP', name: 'GET /v2/accounts/{id}', data: `https://${api}/v2/accounts/1842`, medianMs: 60 }] },
    { name: 'GET /portal/invoices', url: '/portal/invoices', weight: 3, medianMs: 35, dependencies: [{ target: api, type: 'HTTP', name: 'GET /v2/invoices', data: `https://${api}/v2/invoices?account=1842`, medianMs: 80 }] },
    { name: 'GET /portal/static/app.js', url: '/portal/static/app.js', weight: 2, medianMs: 3, dependencies: [] },
  ];
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 10, roleName: 'portal-web', host: 'portal.contoso-portal.com', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(['portal-web-0', 'portal-web-1']), versionAt: () => '5.3.2',
    effect: (t, op) =>
      t >= expiredAt && op.dependencies.length > 0
        ? { failure: { resultCode: '502', failedDependency: { target: api, resultCode: '502', durationMs: 35 + b.rng.next() * 20 }, exception: { type: 'System.Net.Http.HttpRequestException', message: 'Response status code does not indicate success: 502 (Bad Gateway).', method: 'Portal.Web.Clients.AccountsClient.GetAccountAsync' } } }
        : {},
  });
  b.defineAzureDiagnostics([
    ['listenerName_s', 'string'], ['ruleName_s', 'string'], ['backendPoolName_s', 'string'], ['host_s', 'string'], ['requestUri_s', 'string'],
    ['httpStatus_d', 'real'], ['serverStatus_s', 'string'], ['serverRouted_s', 'string'], ['timeTaken_d', 'real'], ['sslEnabled_s', 'string'],
    ['action_s', 'string'], ['ruleId_s', 'string'], ['clientIp_s', 'string'], ['id_s', 'string'],
  ]);
  const agwBase = { ResourceId: agw.toUpperCase(), Resource: 'AGW-PORTAL-PROD', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.NETWORK', ResourceType: 'APPLICATIONGATEWAYS', _ResourceId: agw.toLowerCase() };
  for (let t = -4 * 3600; t < 0; t += b.rng.next() * 6 + 4) {
    const broken = t >= expiredAt;
    const uri = b.rng.pick(['/v2/accounts/1842', '/v2/invoices?account=1842', '/v2/accounts/2210/limits']);
    b.add('AzureDiagnostics', t, { ...agwBase, Category: 'ApplicationGatewayAccessLog', OperationName: 'ApplicationGatewayAccess', Level: 'Informational', listenerName_s: 'lst-api-https', ruleName_s: 'rule-api', backendPoolName_s: 'pool-portal-api', host_s: api, requestUri_s: uri, httpStatus_d: broken ? 502 : 200, serverStatus_s: broken ? '' : '200', serverRouted_s: broken ? '' : '10.20.4.5:443', timeTaken_d: broken ? 0.002 : b.rng.latency(0.06), sslEnabled_s: 'on', clientIp_s: `198.51.100.${b.rng.int(2, 250)}` });
  }
  // Red herring: a scanner tripped the WAF two hours ago (blocked, harmless).
  for (let t = -7400; t < -7100; t += b.rng.int(1, 4)) {
    b.add('AzureDiagnostics', t, { ...agwBase, Category: 'ApplicationGatewayFirewallLog', OperationName: 'ApplicationGatewayFirewall', Level: 'Warning', Message: 'SQL Injection Attack Detected via libinjection', action_s: 'Blocked', ruleId_s: '942100', host_s: api, requestUri_s: "/v2/accounts/1'%20OR%201=1--", clientIp_s: '203.0.113.77', listenerName_s: 'lst-api-https' });
  }
  const kvBase = { ResourceId: kv.toUpperCase(), Resource: 'KV-PORTAL-PROD', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'VAULTS', _ResourceId: kv.toLowerCase(), Category: 'AuditEvent', Level: 'Informational' };
  for (const daysBefore of [30, 14, 7, 3, 1]) {
    b.add('AzureDiagnostics', expiredAt - daysBefore * 86400 + 3600, { ...kvBase, OperationName: 'CertificateNearExpiryEventGridNotification', Message: `Certificate api-contoso-portal-com expires in ${daysBefore} day(s)`, id_s: `https://kv-portal-prod.vault.azure.net/certificates/api-contoso-portal-com/5c1d9e7a3b` });
  }
  b.add('AzureDiagnostics', expiredAt + 30, { ...kvBase, OperationName: 'CertificateExpiredEventGridNotification', Message: 'Certificate api-contoso-portal-com has expired', id_s: 'https://kv-portal-prod.vault.azure.net/certificates/api-contoso-portal-com/5c1d9e7a3b' });
  b.add('AppTraces', expiredAt + 20, { Message: `Backend health probe to https://${api}/healthz failed: The remote certificate is invalid because of errors in the certificate chain: NotTimeValid`, SeverityLevel: 3, Properties: { CategoryName: 'Portal.Web.HealthChecks' }, OperationName: 'HealthCheck', AppRoleName: 'portal-web', AppRoleInstance: 'portal-web-0', AppVersion: '5.3.2', ItemCount: 1, _ResourceId: appi });
  b.metric({ resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', name: 'UnhealthyHostCount', unit: 'Count', primaryAggregation: 'Average', dimensions: { BackendSettingsPool: 'pool-portal-api~settings-https' }, minutes: 240, value: (ago) => (ago <= 46 ? 2 : 0) });
  b.metric({ resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', name: 'HealthyHostCount', unit: 'Count', primaryAggregation: 'Average', dimensions: { BackendSettingsPool: 'pool-portal-api~settings-https' }, minutes: 240, value: (ago) => (ago <= 46 ? 0 : 2) });
  b.metric({ resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', name: 'FailedRequests', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: (ago) => (ago <= 46 ? 22 + b.rng.int(0, 6) : b.rng.int(0, 1)) });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'CpuTime', unit: 'Seconds', primaryAggregation: 'Total', minutes: 240, value: (ago) => (ago <= 46 ? 0.4 : 6) + b.rng.next() });
  const expiry = new Date(Date.parse('2026-03-04T12:00:00Z') + expiredAt * 1000).toISOString();
  b.resource({ id: cert, name: 'api-contoso-portal-com', type: 'Microsoft.Web/certificates', location: 'westeurope', properties: { subjectName: api, hostNames: [api], issuer: 'DigiCert Global G2 TLS RSA SHA256 2020 CA1', issueDate: '2025-03-04T11:14:00Z', expirationDate: expiry, thumbprint: '7A3F1C9E5B2D8A4F6C0E1B3D5F7A9C2E4B6D8F01', keyVaultId: kv, keyVaultSecretName: 'api-contoso-portal-com', keyVaultSecretStatus: 'Succeeded' } });
  b.resource({ id: agw, name: 'agw-portal-prod', type: 'Microsoft.Network/applicationGateways', location: 'westeurope', properties: { operationalState: 'Running', sku: { name: 'WAF_v2', tier: 'WAF_v2' }, backendHttpSettingsCollection: [{ name: 'settings-https', properties: { protocol: 'Https', port: 443, hostName: api, pickHostNameFromBackendAddress: false } }], backendAddressPools: [{ name: 'pool-portal-api', properties: { backendAddresses: [{ fqdn: 'app-portal-api-prod.azurewebsites.net' }] } }] } });
  b.resource({ id: site, name: 'app-portal-api-prod', type: 'Microsoft.Web/sites', kind: 'app', location: 'westeurope', properties: { state: 'Running', hostNameSslStates: [{ name: api, sslState: 'SniEnabled', thumbprint: '7A3F1C9E5B2D8A4F6C0E1B3D5F7A9C2E4B6D8F01' }] } });
  b.resource({ id: kv, name: 'kv-portal-prod', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', properties: { enableRbacAuthorization: true, vaultUri: 'https://kv-portal-prod.vault.azure.net/' } });
  b.resource({ id: workspaceRid, name: 'law-portal-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'agw-portal-unhealthy-backends', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'Application Gateway agw-portal-prod has unhealthy backend hosts', targetId: agw, targetType: 'Microsoft.Network/applicationGateways', targetGroup: rg, configurationItem: 'agw-portal-prod', firedAt: -42 * 60, properties: { team: 'portal' } },
    { metricName: 'UnhealthyHostCount', metricNamespace: 'Microsoft.Network/applicationGateways', operator: 'GreaterThan', threshold: 0, timeAggregation: 'Average', metricValue: 2, windowMinutes: 5, dimensions: [{ name: 'BackendSettingsPool', value: 'pool-portal-api~settings-https' }] },
  );
  const manifest = {
    title: 'Portal API behind Application Gateway returns 502: backend certificate expired',
    summary: 'The TLS certificate for api.contoso-portal.com on the backend App Service expired; Application Gateway end-to-end TLS marks both backends unhealthy and answers 502.',
    workspaces: [{ name: 'law-portal-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-portal-prod', resourceId: appi, appId: '1b5d9f3a-7c2e-4a6b-8d0f-3e5a7c9b1d64', workspace: 'law-portal-prod' }],
  };
  const answer = {
    rootCauseCategory: 'certificate_expiry',
    rootCause: 'The certificate api-contoso-portal-com (Key Vault kv-portal-prod, bound to app-portal-api-prod) expired about 46 minutes before; Application Gateway end-to-end TLS rejects it (NotTimeValid), marks both backends unhealthy and returns 502. Key Vault warned 30, 14, 7, 3 and 1 days earlier.',
    keyTerms: ['certificate', 'expired'],
    requiredEvidence: [
      { description: 'The certificate expiry date has passed', check: { kind: 'resourceGraph', query: "Resources | where type =~ 'microsoft.web/certificates' and todatetime(properties.expirationDate) < now() | project name, expirationDate = properties.expirationDate" } },
      { description: 'Key Vault recorded the certificate expiry (and earlier near-expiry warnings)', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'AuditEvent' and OperationName == 'CertificateExpiredEventGridNotification'" } },
      { description: 'Application Gateway answers 502 without routing to a backend', table: 'AzureDiagnostics', check: { kind: 'kql', query: "AzureDiagnostics | where Category == 'ApplicationGatewayAccessLog' and httpStatus_d == 502 and serverRouted_s == '' | summarize n = count() | where n > 100" } },
      { description: 'Backends reported unhealthy', metric: 'UnhealthyHostCount', check: { kind: 'metric', resourceId: agw, namespace: 'Microsoft.Network/applicationGateways', metric: 'UnhealthyHostCount', aggregation: 'Maximum', operator: 'GreaterThan', threshold: 0 } },
      { description: 'Health probe names the certificate time validity error', table: 'AppTraces', check: { kind: 'kql', query: "AppTraces | where Message has 'NotTimeValid'" } },
    ],
    redHerrings: [
      { description: 'WAF blocked a SQL-injection scan two hours earlier', blame: ['waf', 'sql injection', 'attack'] },
      { description: 'Backend CPU dropped (because no traffic reaches it), not a cause', blame: ['cpu'] },
    ],
    recommendedActions: ['Renew the api-contoso-portal-com certificate in kv-portal-prod and sync it to app-portal-api-prod (az webapp config ssl import ...)', 'Enable Key Vault auto-renewal and route CertificateNearExpiry events to the on-call channel'],
  };
  return { manifest, alert, answer };
}

export { build };
