/**
 * 20: payments-api (App Service, .NET 8) calls a card partner whose TLS certificate expired. The outer exception
 * only says "The SSL connection could not be established, see inner exception."; the expiry (NotTimeValid) is in
 * the inner AuthenticationException and the exception chain. Red herrings: a slot swap of payments-api an hour
 * earlier, a Key Vault near-expiry notice for another certificate, and fraud-score timeouts all day.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

const OUTER = 'The SSL connection could not be established, see inner exception.';
const INNER = 'The remote certificate is invalid because of errors in the certificate chain: NotTimeValid';

function build(b: ScenarioBuilder) {
  const rg = 'rg-payments-prod';
  const workspaceId = '1e7c3a9f-5d2b-4a8e-9f06-b4c2d8e1a735';
  const appId = '8b4f2d6a-1c9e-4e3b-a7d5-0f6c9b2e4a81';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-payments-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-payments-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'app-payments-api-prod');
  const kv = b.rid(rg, 'Microsoft.KeyVault', 'vaults', 'kv-payments-prod');
  const partner = 'api.cardnet-partner.com';
  const fraud = 'fraud-score.contoso-pay.internal';
  const expiredAt = -38 * 60;
  const swapAt = -70 * 60;
  const ops: Operation[] = [
    { name: 'POST /api/payments/authorize', url: '/api/payments/authorize', weight: 5, medianMs: 60, dependencies: [{ target: fraud, type: 'HTTP', name: 'POST /v1/score', data: `https://${fraud}/v1/score`, medianMs: 35 }, { target: partner, type: 'HTTP', name: 'POST /v3/authorizations', data: `https://${partner}/v3/authorizations`, medianMs: 120 }] },
    { name: 'GET /api/payments/{id}', url: '/api/payments/PAY-88213', weight: 4, medianMs: 12, dependencies: [{ target: 'sql-payments-prod.database.windows.net | paymentsdb', type: 'SQL', name: 'sql-payments-prod.database.windows.net | paymentsdb', data: 'SELECT * FROM dbo.Payments WHERE PaymentId = @id', medianMs: 4 }] },
    { name: 'GET /health', url: '/health', weight: 1, medianMs: 2, dependencies: [] },
  ];
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 10, roleName: 'payments-api', host: 'payments-api.contoso-pay.com', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(['pd0mdwk0001A1', 'pd0mdwk0001A2']), versionAt: (t) => (t < swapAt ? '5.1.3' : '5.2.0'),
    effect: (t, op) => {
      if (op.name !== 'POST /api/payments/authorize') return {};
      if (t >= expiredAt) {
        return {
          failure: {
            resultCode: '502',
            failedDependency: { target: partner, resultCode: 'Faulted', durationMs: 40 + b.rng.next() * 30 },
            exception: {
              type: 'System.Net.Http.HttpRequestException', message: OUTER, method: 'Payments.Api.Partners.CardNetClient.AuthorizeAsync',
              innermostType: 'System.Security.Authentication.AuthenticationException', innermostMessage: INNER,
              details: [{ type: 'System.Net.Http.HttpRequestException', message: OUTER }, { type: 'System.Security.Authentication.AuthenticationException', message: INNER }],
            },
          },
        };
      }
      // Background noise: the fraud-score service times out now and then, all day (the client retries and succeeds).
      if (b.rng.chance(0.02)) return { dependencySlow: { [fraud]: 40 } };
      return {};
    },
  });
  for (let t = -4 * 3600 + 200; t < 0; t += b.rng.int(600, 1400)) {
    b.add('AppTraces', t, { Message: `Retrying POST https://${fraud}/v1/score after TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 2 seconds elapsing.`, SeverityLevel: 2, Properties: { CategoryName: 'Polly' }, OperationName: 'POST /api/payments/authorize', AppRoleName: 'payments-api', AppRoleInstance: 'pd0mdwk0001A1', AppVersion: t < swapAt ? '5.1.3' : '5.2.0', ItemCount: 1, _ResourceId: appi });
  }

  // Red herring: a slot swap of payments-api (release 5.2.0) half an hour before the partner certificate expired.
  b.add('AzureActivity', swapAt, { OperationNameValue: 'MICROSOFT.WEB/SITES/SLOTS/SLOTSSWAP/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'release-bot@contoso-pay.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: site, message: 'Swap staging -> production (payments-api 5.2.0)' }, _ResourceId: site.toLowerCase() });
  // Red herring: Key Vault reminds that another certificate (our own public one) expires in 14 days.
  b.defineAzureDiagnostics([['id_s', 'string'], ['CallerIPAddress', 'string']]);
  const kvBase = { ResourceId: kv.toUpperCase(), Resource: 'KV-PAYMENTS-PROD', ResourceGroup: rg.toUpperCase(), SubscriptionId: b.subscriptionId.toUpperCase(), ResourceProvider: 'MICROSOFT.KEYVAULT', ResourceType: 'VAULTS', _ResourceId: kv.toLowerCase(), Category: 'AuditEvent', Level: 'Informational' };
  b.add('AzureDiagnostics', -5 * 3600 + 1200, { ...kvBase, OperationName: 'CertificateNearExpiryEventGridNotification', Message: 'Certificate www-contoso-pay-com expires in 14 day(s)', id_s: 'https://kv-payments-prod.vault.azure.net/certificates/www-contoso-pay-com/9a2c4e6f1b' });
  for (let t = -4 * 3600 + 90; t < 0; t += b.rng.int(250, 400)) {
    b.add('AzureDiagnostics', t, { ...kvBase, OperationName: 'SecretGet', Message: '', id_s: 'https://kv-payments-prod.vault.azure.net/secrets/cardnet-api-key/4d1b7e9a2c', CallerIPAddress: '10.60.1.12' });
  }

  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'Http5xx', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: (ago) => (ago <= 38 ? 5 + b.rng.int(0, 2) : 0) });
  b.resource({ id: site, name: 'app-payments-api-prod', type: 'Microsoft.Web/sites', kind: 'app', location: 'westeurope', tags: { team: 'payments' }, properties: { state: 'Running', defaultHostName: 'app-payments-api-prod.azurewebsites.net', siteConfig: { netFrameworkVersion: 'v8.0' } } });
  b.resource({ id: kv, name: 'kv-payments-prod', type: 'Microsoft.KeyVault/vaults', location: 'westeurope', properties: { enableRbacAuthorization: true, vaultUri: 'https://kv-payments-prod.vault.azure.net/' } });
  b.resource({ id: workspaceRid, name: 'law-payments-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });
  b.resource({ id: appi, name: 'appi-payments-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: appId, WorkspaceResourceId: workspaceRid } });

  const query = "AppExceptions | where AppRoleName == 'payments-api' and OuterMessage has 'SSL connection could not be established' | summarize Failures = count()";
  const alert = logAlert(
    b,
    { rule: 'payments-api-tls-handshake-failures', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev1', description: 'payments-api cannot establish TLS connections to a dependency', targetId: appi, targetType: 'microsoft.insights/components', targetGroup: rg, configurationItem: 'appi-payments-prod', firedAt: -4 * 60, properties: { team: 'payments', service: 'payments-api' } },
    { workspaceId, query, threshold: 5, metricValue: 31, windowMinutes: 10 },
  );
  const manifest = {
    title: 'payments-api TLS failures: partner certificate expired (only in the inner exception)',
    summary: `The TLS certificate of ${partner} expired; .NET reports "${OUTER}" with the expiry (NotTimeValid) only in the inner AuthenticationException, so card authorisations fail with 502.`,
    workspaces: [{ name: 'law-payments-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-payments-prod', resourceId: appi, appId, workspace: 'law-payments-prod' }],
  };
  const answer = {
    rootCauseCategory: 'certificate_expiry',
    rootCause: `The TLS certificate presented by the card partner ${partner} expired about 38 minutes before the alert; every POST /api/payments/authorize fails the handshake (inner AuthenticationException: NotTimeValid) and returns 502.`,
    keyTerms: ['certificate', 'expired', 'NotTimeValid'],
    requiredEvidence: [
      { description: 'The inner exception names NotTimeValid (the outer one does not)', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where InnermostMessage has 'NotTimeValid' and not(OuterMessage has 'NotTimeValid') | summarize n = count() | where n > 20" } },
      { description: 'Calls to the partner fail (Faulted) since the expiry', table: 'AppDependencies', check: { kind: 'kql', query: `AppDependencies | where Target == '${partner}' and Success == false | summarize n = count() | where n > 20` } },
    ],
    redHerrings: [
      { description: 'Slot swap of payments-api 5.2.0 about 70 minutes before the alert', blame: ['slot swap', '5.2.0', 'release'] },
      { description: 'Key Vault near-expiry notice for another certificate (www-contoso-pay-com, 14 days left)', blame: ['www-contoso-pay-com', 'kv-payments-prod'] },
      { description: 'fraud-score timeouts retried successfully all day', blame: ['fraud-score', 'TaskCanceledException'] },
    ],
    recommendedActions: [`Ask the card partner to renew the certificate of ${partner} (or fail over to their secondary endpoint)`, 'Monitor the expiry of partner certificates (tls_certificate probe) and alert on the inner exception message'],
  };
  return { manifest, alert, answer };
}

export { build };
