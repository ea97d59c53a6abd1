/**
 * 08: an incident no plan explains. billing-api fails about 4 % of invoice requests with
 * connection resets on its calls to the ledger service, on both the old and the new version,
 * before and during the alert. The ledger's own telemetry is elsewhere: nothing here shows why
 * the connections reset. A rollout and a noisy report job are red herrings; the honest answer
 * is `undetermined`, with the ledger calls as the lead.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-billing-prod';
  const workspaceId = '7c3e5a9b-1d4f-4e2a-8b6c-3f5a7c9e1b24';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-billing-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-billing-prod');
  const app = b.rid(rg, 'Microsoft.App', 'containerApps', 'ca-billing-api');
  const ledger = 'ledger.finance.internal';
  const sql = { target: 'sql-billing-prod.database.windows.net | billing', type: 'SQL' as const, name: 'sql-billing-prod.database.windows.net | billing', data: 'SELECT * FROM Invoices WHERE Id = @id', medianMs: 6 };
  const ops: Operation[] = [
    { name: 'POST /api/invoices', url: '/api/invoices', weight: 1, medianMs: 30, dependencies: [sql, { target: ledger, type: 'HTTP', name: 'POST /v1/entries', data: `https://${ledger}/v1/entries`, medianMs: 45 }] },
    { name: 'GET /api/invoices/{id}', url: '/api/invoices/8f21', weight: 1, medianMs: 10, dependencies: [] },
  ];
  // A canary of 3.2.1 runs beside 3.2.0 on half the replicas since two hours before the alert.
  const replicas = ['ca-billing-api--v320-7d9f-a1', 'ca-billing-api--v320-7d9f-a2', 'ca-billing-api--v321-5b8c-b1', 'ca-billing-api--v321-5b8c-b2'];
  const rolloutAt = -100 * 60;
  let replica = replicas[0]!;
  simulateTraffic(b, {
    from: -2 * 3600 - 1800, to: 0, perMinute: 26, roleName: 'billing-api', host: 'billing.contoso.com', resourceId: appi, operations: ops, dependencySample: 1,
    // The version follows the replica just picked (simulateTraffic asks for the instance first).
    instanceAt: (t) => (replica = t < rolloutAt ? b.rng.pick(replicas.slice(0, 2)) : b.rng.pick(replicas)),
    versionAt: () => (replica.includes('v321') ? '3.2.1' : '3.2.0'),
    effect: (_t, op) => {
      if (op.name !== 'POST /api/invoices' || !b.rng.chance(0.04)) return {};
      return {
        failure: {
          resultCode: '500',
          failedDependency: { target: ledger, resultCode: 'Faulted', durationMs: 31 },
          exception: { type: 'System.Net.Http.HttpRequestException', message: 'An error occurred while sending the request.', method: 'Billing.Ledger.LedgerClient.PostEntryAsync', innermostType: 'System.Net.Sockets.SocketException', innermostMessage: 'Connection reset by peer' },
        },
      };
    },
  });
  b.add('AzureActivity', rolloutAt - 60, { OperationNameValue: 'MICROSOFT.APP/CONTAINERAPPS/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'release-pipeline@contoso.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: app, message: 'Create revision ca-billing-api--v321 (image billing-api:3.2.1), traffic 50/50' }, _ResourceId: app.toLowerCase() });
  // A nightly report job logs slow queries all day, unrelated to invoices.
  for (let t = -2 * 3600 - 1600; t < 0; t += b.rng.int(500, 900)) {
    b.add('AppTraces', t, { Message: `Slow query in ReportingJob.MonthlyTotals took ${b.rng.int(2100, 4800)} ms`, SeverityLevel: 2, Properties: { CategoryName: 'Billing.Reports.ReportingJob' }, OperationName: 'ReportingJob', AppRoleName: 'billing-api', AppRoleInstance: replicas[0]!, AppVersion: '3.2.0', ItemCount: 1, _ResourceId: appi });
  }
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'Requests', unit: 'Count', primaryAggregation: 'Total', minutes: 150, value: () => 26 + b.rng.int(-3, 3) });
  b.metric({ resourceId: app, namespace: 'Microsoft.App/containerApps', name: 'CpuPercentage', unit: 'Percent', primaryAggregation: 'Average', minutes: 150, value: () => 18 + b.rng.next() * 6 });
  b.resource({ id: app, name: 'ca-billing-api', type: 'Microsoft.App/containerApps', location: 'westeurope', tags: { team: 'billing' }, properties: { latestRevisionName: 'ca-billing-api--v321', provisioningState: 'Succeeded' } });
  b.resource({ id: appi, name: 'appi-billing-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '4e6a8c0d-2f3b-4d5e-9a7b-1c3e5f7a9b02', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-billing-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'billing-api-failed-requests', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev2', description: 'More than 20 failed billing-api requests in 15 minutes', targetId: appi, targetType: 'microsoft.insights/components', targetGroup: rg, configurationItem: 'appi-billing-prod', firedAt: -10 * 60, properties: { team: 'billing' } },
    { metricName: 'requests/failed', metricNamespace: 'microsoft.insights/components', operator: 'GreaterThan', threshold: 20, timeAggregation: 'Count', metricValue: 23, windowMinutes: 15, dimensions: [{ name: 'cloud/roleName', value: 'billing-api' }] },
  );
  const manifest = {
    title: 'billing-api failed requests: cause not in the telemetry (undetermined)',
    summary: 'About 4 % of invoice requests fail with connection resets from the ledger service, on both versions, before and during the alert. Nothing in these workspaces shows why; the honest report is undetermined.',
    workspaces: [{ name: 'law-billing-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-billing-prod', resourceId: appi, appId: '4e6a8c0d-2f3b-4d5e-9a7b-1c3e5f7a9b02', workspace: 'law-billing-prod' }],
  };
  const answer = {
    rootCauseCategory: 'undetermined',
    rootCause: 'Undetermined from this telemetry: about 4 % of POST /api/invoices calls to ledger.finance.internal end in "Connection reset by peer", at the same rate on 3.2.0 and 3.2.1 and for hours before the alert. The ledger side (its load balancer, its own logs) is not in these workspaces, so nothing here shows why the connections reset.',
    requiredEvidence: [
      { description: 'Invoice posts fail with connection resets on calls to the ledger', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where InnermostMessage == 'Connection reset by peer' and Method has 'LedgerClient' | take 3" } },
      { description: 'Both versions fail at about the same rate (the canary is not the cause)', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where Name == 'POST /api/invoices' | summarize failed = countif(Success == false), total = count() by AppVersion | extend failRate = todouble(failed) / total | summarize versions = count(), low = min(failRate), high = max(failRate) | where versions == 2 and low > 0.01 and high < 0.08" } },
      { description: 'The resets started well before the alert', table: 'AppRequests', check: { kind: 'kql', query: 'AppRequests | where Success == false and TimeGenerated < ago(90m) | take 3' } },
    ],
    redHerrings: [
      { description: 'The 3.2.1 canary rollout 100 minutes earlier: both versions fail at the same rate', blame: ['3.2.1', 'canary', 'rollout'] },
      { description: 'Slow-query warnings of the nightly report job, present all day', blame: ['ReportingJob', 'slow query'] },
    ],
    recommendedActions: ['Ask the ledger team for their load balancer and service logs around the resets', 'Add retries with idempotency keys to ledger entry posts while the cause is found'],
  };
  return { manifest, alert, answer };
}

export { build };
