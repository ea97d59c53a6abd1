/**
 * 09: a Functions API is throttled by its storage account: an AzCopy backfill into the same account pushes it over
 * its request rate, Storage answers 503 ServerBusy ("Operations per second is over the account limit") to every caller.
 * A release of the function app rolls out during the throttling and fails exactly as the old version does.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-media-prod';
  const workspaceId = '0c4e6a8b-2d1f-4b3a-9e7c-5a1d3f7b9e24';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-media-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-media-prod');
  const func = b.rid(rg, 'Microsoft.Web', 'sites', 'func-media-api-prod');
  const storage = b.rid(rg, 'Microsoft.Storage', 'storageAccounts', 'stmediaprod');
  const account = 'stmediaprod';
  const blobHost = `${account}.blob.core.windows.net`;
  const backfillFrom = -52 * 60;
  const throttledFrom = -50 * 60;
  const rolloutFrom = -33 * 60;
  const rolloutTo = -26 * 60;
  const busy = 'Operations per second is over the account limit.';
  const blobGet = { target: blobHost, type: 'Azure blob' as const, name: 'GetBlob', data: `https://${blobHost}/images/{id}.jpg`, medianMs: 14 };
  const blobPut = { target: blobHost, type: 'Azure blob' as const, name: 'PutBlob', data: `https://${blobHost}/images/{id}.jpg`, medianMs: 35 };
  const redis = { target: 'redis-media-prod.redis.cache.windows.net', type: 'Redis' as const, name: 'GET', data: 'GET meta:*', medianMs: 2 };
  const ops: Operation[] = [
    { name: 'GetImage', url: '/api/images/8f21', weight: 6, medianMs: 20, dependencies: [redis, blobGet] },
    { name: 'UploadImage', url: '/api/images', weight: 2, medianMs: 40, dependencies: [blobPut] },
    { name: 'GetImageMetadata', url: '/api/images/8f21/meta', weight: 2, medianMs: 6, dependencies: [redis] },
  ];
  const instances = ['10-30-4-17', '10-30-4-22', '10-30-4-31'];
  const version = (t: number) => (t < rolloutFrom ? '4.2.0' : t >= rolloutTo ? '4.3.0' : b.rng.pick(['4.2.0', '4.3.0']));
  simulateTraffic(b, {
    from: -2 * 3600, to: 0, perMinute: 16, roleName: 'func-media-api', host: 'func-media-api-prod.azurewebsites.net', resourceId: appi, operations: ops,
    instanceAt: () => b.rng.pick(instances), versionAt: version, dependencySample: 1,
    effect: (t, op) => {
      const blob = op.dependencies.find((d) => d.target === blobHost);
      if (!blob) return {};
      // Background noise all day: clients asking for images that do not exist (404 BlobNotFound).
      if (op.name === 'GetImage' && b.rng.chance(0.03)) return { failure: { resultCode: '404', failedDependency: { target: blobHost, resultCode: '404', durationMs: b.rng.latency(9) } } };
      if (t >= throttledFrom && b.rng.chance(0.3)) {
        return {
          failure: {
            resultCode: '500',
            failedDependency: { target: blobHost, resultCode: '503', durationMs: b.rng.latency(2400) },
            exception: {
              type: 'Microsoft.Azure.WebJobs.Host.FunctionInvocationException',
              message: `Exception while executing function: Functions.${op.name}`,
              method: 'Media.Api.Images.BlobImageStore.ReadAsync',
              innermostType: 'Azure.RequestFailedException',
              innermostMessage: `${busy}\nRequestId:${b.rng.guid()}\nTime:2026-03-04T11:${String(b.rng.int(10, 59))}:07.4129318Z\nStatus: 503 (${busy})\nErrorCode: ServerBusy`,
            },
          },
        };
      }
      return t >= throttledFrom ? { dependencySlow: { [blobHost]: 6 } } : {};
    },
  });
  // Storage resource logs: the app's SDK calls and, from backfillFrom, the AzCopy backfill that saturates the account.
  const storageRow = (t: number, operation: string, agent: string, ip: string, throttled: boolean) =>
    b.add('StorageBlobLogs', t, {
      AccountName: account, Category: operation === 'GetBlob' ? 'StorageRead' : 'StorageWrite', OperationName: operation,
      StatusCode: throttled ? '503' : '200', StatusText: throttled ? 'ServerBusy' : 'Success', MetricResponseType: throttled ? 'ServerBusyError' : 'Success',
      DurationMs: throttled ? b.rng.latency(3) : b.rng.latency(12), ServerLatencyMs: throttled ? 0 : b.rng.latency(8), AuthenticationType: 'OAuth', CallerIpAddress: `${ip}:${b.rng.int(40000, 60000)}`, UserAgentHeader: agent,
      Uri: `https://${blobHost}/images/${b.rng.hex(8)}.jpg`, _ResourceId: storage.toLowerCase(),
    });
  const sdkAgent = 'azsdk-net-Storage.Blobs/12.19.1 (.NET 8.0.1; Linux)';
  for (let t = -2 * 3600; t < 0; t += b.rng.int(3, 7)) storageRow(t, b.rng.pick(['GetBlob', 'GetBlob', 'GetBlob', 'PutBlob']), sdkAgent, '10.30.4.17', t >= throttledFrom && b.rng.chance(0.3));
  for (let t = backfillFrom; t < 0; t += b.rng.next() * 3) storageRow(t, 'PutBlob', 'AzCopy/10.24.0 azsdk-go-azblob/v1.3.0 (go1.21.5; linux)', '10.40.2.9', t >= throttledFrom && b.rng.chance(0.3));
  // Red herring: the release 4.3.0 of the function app, deployed while the account was already throttling.
  b.add('AzureActivity', rolloutFrom - 60, { OperationNameValue: 'MICROSOFT.WEB/SITES/CONFIG/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'media-release-pipeline', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${func}/config/appsettings`, message: 'Updated app setting WEBSITE_RUN_FROM_PACKAGE=https://stmediadeploy.blob.core.windows.net/packages/func-media-api-4.3.0.zip' }, _ResourceId: func.toLowerCase() });
  b.add('AzureActivity', backfillFrom - 120, { OperationNameValue: 'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'tomasz.nowak@contoso-media.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: storage }, _ResourceId: storage.toLowerCase() });
  const throttledAgo = 50;
  b.metric({ resourceId: storage, namespace: 'Microsoft.Storage/storageAccounts', name: 'Transactions', unit: 'Count', primaryAggregation: 'Total', dimensions: { ResponseType: 'ServerBusyError' }, minutes: 120, value: (ago) => (ago <= throttledAgo ? 1800 + b.rng.int(0, 400) : 0) });
  b.metric({ resourceId: storage, namespace: 'Microsoft.Storage/storageAccounts', name: 'Transactions', unit: 'Count', primaryAggregation: 'Total', dimensions: { ResponseType: 'Success' }, minutes: 120, value: (ago) => (ago <= 52 ? 4200 + b.rng.int(0, 300) : 900 + b.rng.int(0, 100)) });
  b.metric({ resourceId: storage, namespace: 'Microsoft.Storage/storageAccounts', name: 'Availability', unit: 'Percent', primaryAggregation: 'Average', minutes: 120, value: (ago) => (ago <= throttledAgo ? 70 + b.rng.next() * 4 : 100) });
  // Red herring: the function app's CPU rises with the retries, far from any limit.
  b.metric({ resourceId: func, namespace: 'Microsoft.Web/sites', name: 'CpuTime', unit: 'Seconds', primaryAggregation: 'Total', minutes: 120, value: (ago) => (ago <= throttledAgo ? 14 : 9) + b.rng.next() * 2 });
  b.resource({ id: func, name: 'func-media-api-prod', type: 'Microsoft.Web/sites', kind: 'functionapp,linux', location: 'westeurope', tags: { team: 'media' }, properties: { state: 'Running', defaultHostName: 'func-media-api-prod.azurewebsites.net' } });
  b.resource({ id: storage, name: account, type: 'Microsoft.Storage/storageAccounts', kind: 'StorageV2', location: 'westeurope', sku: { name: 'Standard_LRS', tier: 'Standard' }, properties: { provisioningState: 'Succeeded', accessTier: 'Hot' } });
  b.resource({ id: appi, name: 'appi-media-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '3f5b7d9e-1a2c-4e6f-8b0d-2c4e6a8b0d13', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-media-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'stmediaprod-throttled-transactions', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev2', description: 'Storage account stmediaprod is answering ServerBusy (throttled) transactions', targetId: storage, targetType: 'Microsoft.Storage/storageAccounts', targetGroup: rg, configurationItem: account, firedAt: -6 * 60, properties: { team: 'media' } },
    { metricName: 'Transactions', metricNamespace: 'Microsoft.Storage/storageAccounts', operator: 'GreaterThan', threshold: 100, timeAggregation: 'Total', metricValue: 2014, windowMinutes: 5, dimensions: [{ name: 'ResponseType', value: 'ServerBusyError' }] },
  );
  const manifest = {
    title: 'Storage account throttles a Functions API: an AzCopy backfill exceeds the account request rate',
    summary: 'An AzCopy backfill into stmediaprod pushes the account over its operations-per-second limit; Storage answers 503 ServerBusy to every caller and about 30% of func-media-api requests fail. A release of the function app rolls out meanwhile and fails alike.',
    workspaces: [{ name: 'law-media-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-media-prod', resourceId: appi, appId: '3f5b7d9e-1a2c-4e6f-8b0d-2c4e6a8b0d13', workspace: 'law-media-prod' }],
  };
  const answer = {
    rootCauseCategory: 'throttling_quota',
    rootCause: 'The storage account stmediaprod is throttling: an AzCopy backfill started ~52 minutes before the alert and pushed the account over its request rate, so Storage answers 503 ServerBusy ("Operations per second is over the account limit") to about 30% of the calls of func-media-api. The account is not down (it serves the other calls), and release 4.3.0 fails exactly as 4.2.0 did.',
    keyTerms: ['ServerBusy', 'AzCopy'],
    requiredEvidence: [
      { description: 'Blob calls of the app are answered 503 from the incident start', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where Target == 'stmediaprod.blob.core.windows.net' and ResultCode == '503' | summarize n = count() | where n > 100" } },
      { description: 'No 503 before the backfill', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where TimeGenerated < ago(55m) | summarize throttled = countif(ResultCode == '503'), calls = count() | where throttled == 0 and calls > 100" } },
      { description: 'The inner exception is ServerBusy: over the account limit', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where InnermostMessage has 'ServerBusy' and InnermostMessage has 'over the account limit' | take 3" } },
      { description: 'AzCopy sends most of the account requests', table: 'StorageBlobLogs', check: { kind: 'kql', query: "StorageBlobLogs | summarize n = count() by UserAgentHeader | top 1 by n desc | where UserAgentHeader startswith 'AzCopy'" } },
    ],
    redHerrings: [
      { description: 'Release 4.3.0 of the function app rolled out during the throttling and fails at the same rate as 4.2.0', blame: ['4.3.0', 'release', 'rollback', 'roll back', 'WEBSITE_RUN_FROM_PACKAGE'] },
      { description: '404 BlobNotFound answers for missing images, present all day', blame: ['BlobNotFound', '404'] },
      { description: 'The function app CPU rises a little with the retries', blame: ['cpu', 'scale out'] },
    ],
    recommendedActions: ['Pause or slow the AzCopy backfill (lower AZCOPY_CONCURRENCY_VALUE, or run it against a separate account)', 'Make the app back off on 503 ServerBusy and keep bulk copies off the serving account'],
  };
  return { manifest, alert, answer };
}

export { build };
