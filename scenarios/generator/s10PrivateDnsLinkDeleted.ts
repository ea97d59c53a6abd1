/**
 * 10: a network pipeline deletes the virtual network link of the private DNS zone of a PostgreSQL flexible server
 * (private access); the App Service app that calls it can no longer resolve the server name and every database call
 * fails with "Name or service not known", visible only in the inner exception. An NSG rule change on another subnet
 * and a slot swap earlier in the hour are red herrings.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-claims-prod';
  const netRg = 'rg-claims-network';
  const workspaceId = '6e8a0c2d-4f1b-4d3e-a5c7-9b1d3f5a7c46';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-claims-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-claims-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-claims-api-prod');
  const psql = b.rid(rg, 'Microsoft.DBforPostgreSQL', 'flexibleServers', 'psql-claims-prod');
  const zone = 'claims.private.postgres.database.azure.com';
  const link = b.rid(netRg, 'Microsoft.Network', 'privateDnsZones', zone, 'virtualNetworkLinks', 'link-vnet-claims-prod');
  const nsg = b.rid(netRg, 'Microsoft.Network', 'networkSecurityGroups', 'nsg-snet-batch');
  const deletedAt = -24 * 60;
  const swapAt = -52 * 60;
  const host = 'psql-claims-prod.postgres.database.azure.com';
  const pg = { target: host, type: 'postgresql' as const, name: 'claims', data: 'SELECT ... FROM claims WHERE id = $1', medianMs: 4 };
  const blob = { target: 'stclaimsdocs.blob.core.windows.net', type: 'Azure blob' as const, name: 'PutBlob', data: 'https://stclaimsdocs.blob.core.windows.net/documents/{id}', medianMs: 30 };
  const policies = { target: 'policies.contoso-insure.example', type: 'HTTP' as const, name: 'GET /v2/policies/{id}', data: 'https://policies.contoso-insure.example/v2/policies/{id}', medianMs: 60 };
  const ops: Operation[] = [
    { name: 'GET /api/claims/{id}', url: '/api/claims/77120', weight: 6, medianMs: 15, dependencies: [pg] },
    { name: 'POST /api/claims', url: '/api/claims', weight: 2, medianMs: 40, dependencies: [policies, pg, { ...pg, data: 'INSERT INTO claims ...' }, blob] },
    { name: 'GET /api/policies/{id}', url: '/api/policies/P-44812', weight: 2, medianMs: 10, dependencies: [policies] },
    { name: 'GET /healthz', url: '/healthz', weight: 1, medianMs: 2, dependencies: [] },
  ];
  const instances = ['lw1sdlwk0003B4', 'lw1sdlwk0003B7'];
  simulateTraffic(b, {
    from: -2 * 3600, to: 0, perMinute: 14, roleName: 'claims-api', host: 'claims.contoso-insure.example', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(instances), versionAt: (t) => (t < swapAt ? '5.6.0' : '5.7.0'), dependencySample: 0.3,
    effect: (t, op) => {
      // Background noise: the external policy service answers an occasional 502.
      if (op.dependencies.includes(policies) && b.rng.chance(0.01)) return { failure: { resultCode: '502', failedDependency: { target: policies.target, resultCode: '502', durationMs: b.rng.latency(80) } } };
      if (t < deletedAt || !op.dependencies.includes(pg)) return {};
      return {
        failure: {
          resultCode: '500',
          failedDependency: { target: host, resultCode: '', durationMs: b.rng.latency(3) },
          exception: { type: 'Npgsql.NpgsqlException', message: 'Exception while connecting', method: 'Npgsql.Internal.NpgsqlConnector.Connect', innermostType: 'System.Net.Sockets.SocketException', innermostMessage: 'Name or service not known' },
        },
      };
    },
  });
  for (let t = -2 * 3600 + 120; t < 0; t += 300) {
    b.add('AppTraces', t, { Message: 'Claims outbox flushed', SeverityLevel: 1, Properties: { CategoryName: 'Claims.Outbox.OutboxWorker' }, OperationName: 'OutboxWorker', AppRoleName: 'claims-api', AppRoleInstance: instances[0], AppVersion: t < swapAt ? '5.6.0' : '5.7.0', ItemCount: 1, _ResourceId: appi });
  }
  const activity = (t: number, operation: string, status: string, caller: string, resourceId: string, properties: Record<string, unknown>, correlationId: string, group = netRg) =>
    b.add('AzureActivity', t, { OperationNameValue: operation, ActivityStatusValue: status, CategoryValue: 'Administrative', Level: 'Informational', Caller: caller, ResourceGroup: group, CorrelationId: correlationId, Properties_d: properties, _ResourceId: resourceId.toLowerCase() });
  // Red herring: a slot swap that shipped 5.7.0 half an hour before the errors, which kept working.
  const swapCorrelation = b.rng.guid();
  activity(swapAt, 'MICROSOFT.WEB/SITES/SLOTS/SLOTSSWAP/ACTION', 'Start', 'claims-release-pipeline', site, { entity: `${site}/slots/staging`, message: 'Swap staging -> production (5.7.0)' }, swapCorrelation, rg);
  activity(swapAt + 40, 'MICROSOFT.WEB/SITES/SLOTS/SLOTSSWAP/ACTION', 'Success', 'claims-release-pipeline', site, { entity: `${site}/slots/staging`, statusCode: 'OK' }, swapCorrelation, rg);
  // Red herring: an NSG rule for the batch subnet, unrelated to the app's subnet.
  const nsgCorrelation = b.rng.guid();
  activity(-41 * 60, 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', 'Start', 'lena.fischer@contoso-insure.example', `${nsg}/securityRules/Allow-Batch-Outbound-443`, { entity: `${nsg}/securityRules/Allow-Batch-Outbound-443`, message: 'Allow-Batch-Outbound-443: Allow TCP 443 from 10.20.8.0/24 to AzureCloud' }, nsgCorrelation);
  activity(-41 * 60 + 12, 'MICROSOFT.NETWORK/NETWORKSECURITYGROUPS/SECURITYRULES/WRITE', 'Success', 'lena.fischer@contoso-insure.example', `${nsg}/securityRules/Allow-Batch-Outbound-443`, { entity: `${nsg}/securityRules/Allow-Batch-Outbound-443`, statusCode: 'OK' }, nsgCorrelation);
  // The cause: the network pipeline removes the zone's link to the app's virtual network.
  const linkCorrelation = b.rng.guid();
  activity(deletedAt - 35, 'MICROSOFT.NETWORK/PRIVATEDNSZONES/VIRTUALNETWORKLINKS/DELETE', 'Start', 'sp-terraform-network', link, { entity: link, message: 'terraform apply (network-core #1187)' }, linkCorrelation);
  activity(deletedAt - 2, 'MICROSOFT.NETWORK/PRIVATEDNSZONES/VIRTUALNETWORKLINKS/DELETE', 'Success', 'sp-terraform-network', link, { entity: link, statusCode: 'OK' }, linkCorrelation);
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Http5xx', unit: 'Count', primaryAggregation: 'Total', minutes: 120, value: (ago) => (ago <= 24 ? 10 + b.rng.int(0, 3) : b.rng.int(0, 1)) });
  b.metric({ resourceId: psql, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', name: 'active_connections', unit: 'Count', primaryAggregation: 'Average', minutes: 120, value: (ago) => (ago <= 24 ? 3 : 24 + b.rng.int(-2, 2)) });
  b.metric({ resourceId: psql, namespace: 'Microsoft.DBforPostgreSQL/flexibleServers', name: 'cpu_percent', unit: 'Percent', primaryAggregation: 'Average', minutes: 120, value: (ago) => (ago <= 24 ? 3 : 18) + b.rng.next() * 3 });
  b.resource({ id: site, name: 'app-claims-api-prod', type: 'Microsoft.Web/sites', kind: 'app,linux', location: 'westeurope', tags: { team: 'claims' }, properties: { state: 'Running', virtualNetworkSubnetId: b.rid(netRg, 'Microsoft.Network', 'virtualNetworks', 'vnet-claims-prod', 'subnets', 'snet-app'), vnetRouteAllEnabled: true } });
  b.resource({ id: psql, name: 'psql-claims-prod', type: 'Microsoft.DBforPostgreSQL/flexibleServers', location: 'westeurope', properties: { state: 'Ready', version: '16', fullyQualifiedDomainName: host, network: { publicNetworkAccess: 'Disabled', delegatedSubnetResourceId: b.rid(netRg, 'Microsoft.Network', 'virtualNetworks', 'vnet-claims-prod', 'subnets', 'snet-psql'), privateDnsZoneArmResourceId: b.rid(netRg, 'Microsoft.Network', 'privateDnsZones', zone) } } });
  b.resource({ id: b.rid(netRg, 'Microsoft.Network', 'privateDnsZones', zone), name: zone, type: 'Microsoft.Network/privateDnsZones', location: 'global', properties: { numberOfRecordSets: 2, numberOfVirtualNetworkLinks: 0 } });
  b.resource({ id: appi, name: 'appi-claims-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '8b0d2f4a-6c1e-4a3b-9d5f-1e3a5c7b9d68', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-claims-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const query = "AppDependencies | where AppRoleName == 'claims-api' and Success == false | summarize Failed = count()";
  const alert = logAlert(
    b,
    { rule: 'claims-api-dependency-unreachable', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev1', description: 'claims-api cannot reach one of its dependencies', targetId: workspaceRid, targetType: 'Microsoft.OperationalInsights/workspaces', targetGroup: rg, configurationItem: 'claims-api', firedAt: -18 * 60, properties: { team: 'claims', service: 'claims-api' } },
    { workspaceId, query, threshold: 25, metricValue: 96, windowMinutes: 5 },
  );
  const manifest = {
    title: 'claims-api cannot resolve its PostgreSQL server: the private DNS zone link was deleted',
    summary: 'A Terraform run of the network pipeline deleted the virtual network link of the private DNS zone claims.private.postgres.database.azure.com; from the App Service app the server name no longer resolves and every database call fails with "Name or service not known".',
    workspaces: [{ name: 'law-claims-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-claims-prod', resourceId: appi, appId: '8b0d2f4a-6c1e-4a3b-9d5f-1e3a5c7b9d68', workspace: 'law-claims-prod' }],
  };
  const answer = {
    rootCauseCategory: 'dns_failure',
    rootCause: 'sp-terraform-network deleted the virtual network link link-vnet-claims-prod of the private DNS zone claims.private.postgres.database.azure.com 24 minutes before the alert; from the app subnet psql-claims-prod.postgres.database.azure.com no longer resolves, so every PostgreSQL call of claims-api fails with SocketException "Name or service not known" (inner exception of NpgsqlException "Exception while connecting").',
    keyTerms: ['Name or service not known', 'VIRTUALNETWORKLINKS'],
    requiredEvidence: [
      { description: 'The inner exception is a name-resolution failure', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where InnermostType == 'System.Net.Sockets.SocketException' and InnermostMessage == 'Name or service not known' | summarize n = count() | where n > 50" } },
      { description: 'The virtual network link of the private DNS zone was deleted just before', table: 'AzureActivity', check: { kind: 'kql', query: "AzureActivity | where OperationNameValue == 'MICROSOFT.NETWORK/PRIVATEDNSZONES/VIRTUALNETWORKLINKS/DELETE' and ActivityStatusValue == 'Success'" } },
      { description: 'PostgreSQL calls worked before and fail since', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where Target == 'psql-claims-prod.postgres.database.azure.com' | summarize before = countif(TimeGenerated < ago(30m) and Success == false), after = countif(TimeGenerated > ago(20m) and Success == false) | where before == 0 and after > 50" } },
    ],
    redHerrings: [
      { description: 'An NSG rule added for the batch subnet 41 minutes before', blame: ['NSG', 'security rule', 'Allow-Batch-Outbound-443', 'NETWORKSECURITYGROUPS'] },
      { description: 'A slot swap shipped 5.7.0 half an hour before the errors', blame: ['slot swap', 'SLOTSSWAP', '5.7.0'] },
      { description: 'Occasional 502 answers of the external policy service, present all along', blame: ['502', 'policies.contoso-insure.example'] },
    ],
    recommendedActions: ['Recreate the virtual network link between claims.private.postgres.database.azure.com and vnet-claims-prod (az network private-dns link vnet create ...), then restart nothing: the name resolves again within the DNS cache TTL', 'Put a delete lock on the private DNS zone and its links and import the link into the network Terraform state'],
  };
  return { manifest, alert, answer };
}

export { build };
