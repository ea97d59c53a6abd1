/**
 * 11: a partner starts sending orders whose line quantity is a string; the Service Bus triggered function cannot
 * deserialise them, every delivery of those messages fails until MaxDeliveryCount (10) and they are dead-lettered,
 * while all other messages go through first time. A release of the function app and transient Cosmos DB 429s that
 * the SDK retries are red herrings.
 */
import { metricAlert } from './alerts';
import { iso, type ScenarioBuilder } from './scenarioBuilder';

function build(b: ScenarioBuilder) {
  const rg = 'rg-orders-ingest-prod';
  const workspaceId = '9a1c3e5b-7d2f-4a6c-8e0b-3d5f7a9c1e57';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-orders-ingest-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-order-ingest-prod');
  const func = b.rid(rg, 'Microsoft.Web', 'sites', 'func-order-ingest-prod');
  const namespace = b.rid(rg, 'Microsoft.ServiceBus', 'namespaces', 'sb-orders-prod');
  const cosmos = 'cosmos-orders-prod.documents.azure.com';
  const poisonFrom = -47 * 60;
  const rolloutFrom = -38 * 60;
  const rolloutTo = -32 * 60;
  const maxDeliveryCount = 10;
  const instances = ['10-52-1-4', '10-52-1-9', '10-52-1-13'];
  const version = (t: number) => (t < rolloutFrom ? '1.14.0' : t >= rolloutTo ? '1.14.1' : b.rng.pick(['1.14.0', '1.14.1']));
  let sequence = 88_412_000;
  let deadLettered = 0;
  const deadLetteredAt: number[] = [];

  /** One execution of ProcessOrder for one delivery of a message. */
  const deliver = (t: number, messageId: string, sequenceNumber: number, enqueued: number, deliveryCount: number, poison: boolean) => {
    const operationId = b.rng.hex(32);
    const requestId = b.rng.hex(16);
    const common = { OperationName: 'ProcessOrder', OperationId: operationId, AppRoleName: 'func-order-ingest', AppRoleInstance: b.rng.pick(instances), AppVersion: version(t), ItemCount: 1, _ResourceId: appi };
    b.add('AppTraces', t, { Message: `Trigger Details: MessageId: ${messageId}, SequenceNumber: ${sequenceNumber}, DeliveryCount: ${deliveryCount}, EnqueuedTimeUtc: ${iso(enqueued)}, LockedUntilUtc: ${iso(t + 60)}, SessionId: (null)`, SeverityLevel: 1, Properties: { Category: 'Function.ProcessOrder', LogLevel: 'Information' }, ParentId: requestId, ...common });
    let duration = b.rng.latency(4);
    if (!poison) {
      // Red herring: Cosmos DB answers an occasional 429 that the SDK retries by itself; the write then succeeds.
      if (b.rng.chance(0.02)) {
        b.add('AppDependencies', t + duration / 1000, { Id: b.rng.hex(16), Target: cosmos, DependencyType: 'Azure DocumentDB', Name: 'Upsert Document', Data: 'dbs/orders/colls/orders', Success: false, ResultCode: '429', DurationMs: b.rng.latency(6), ParentId: requestId, ...common });
        duration += b.rng.latency(120);
      }
      const write = b.rng.latency(9);
      b.add('AppDependencies', t + duration / 1000, { Id: b.rng.hex(16), Target: cosmos, DependencyType: 'Azure DocumentDB', Name: 'Upsert Document', Data: 'dbs/orders/colls/orders', Success: true, ResultCode: '201', DurationMs: write, ParentId: requestId, ...common });
      duration += write;
    } else {
      b.add('AppExceptions', t + duration / 1000, {
        ProblemId: 'System.Text.Json.JsonException at Orders.Ingest.OrderMessageParser.Parse',
        ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionInvocationException',
        OuterMessage: 'Exception while executing function: Functions.ProcessOrder',
        InnermostType: 'System.Text.Json.JsonException',
        InnermostMessage: `The JSON value could not be converted to System.Int32. Path: $.lines[0].quantity | LineNumber: 0 | BytePositionInLine: ${b.rng.int(160, 240)}.`,
        Method: 'Orders.Ingest.OrderMessageParser.Parse',
        SeverityLevel: 3,
        ParentId: requestId,
        ...common,
      });
    }
    b.add('AppRequests', t, { Id: requestId, Name: 'ProcessOrder', Url: '', Success: !poison, ResultCode: poison ? '1' : '0', DurationMs: duration + 3, PerformanceBucket: '<250ms', ParentId: operationId, ...common });
  };

  for (let minute = -2 * 3600; minute < 0; minute += 60) {
    const count = 16 + b.rng.int(0, 4);
    for (let i = 0; i < count; i++) {
      const enqueued = minute + b.rng.next() * 60;
      const messageId = b.rng.hex(32);
      const sequenceNumber = sequence++;
      // From poisonFrom, the partner northwind-retail sends its lines with "quantity": "2 pcs".
      const poison = enqueued >= poisonFrom && b.rng.chance(0.08);
      let t = enqueued + b.rng.next() * 0.5;
      for (let delivery = 1; t < 0; delivery++) {
        deliver(t, messageId, sequenceNumber, enqueued, delivery, poison);
        if (!poison) break;
        if (delivery === maxDeliveryCount) {
          deadLettered++;
          deadLetteredAt.push(t);
          break;
        }
        t += 1 + b.rng.next() * 2;
      }
    }
  }
  // A healthy neighbour in the same app: the invoice publisher (timer trigger).
  for (let t = -2 * 3600 + 30; t < 0; t += 300) {
    b.add('AppRequests', t, { Id: b.rng.hex(16), Name: 'PublishInvoices', Url: '', Success: true, ResultCode: '0', DurationMs: b.rng.latency(800), PerformanceBucket: '500ms-1sec', OperationName: 'PublishInvoices', OperationId: b.rng.hex(32), AppRoleName: 'func-order-ingest', AppRoleInstance: instances[0], AppVersion: version(t), ItemCount: 1, _ResourceId: appi });
  }
  // Red herring: the release 1.14.1 of the function app, rolled out while poison messages were already failing.
  b.add('AzureActivity', rolloutFrom - 90, { OperationNameValue: 'MICROSOFT.WEB/SITES/CONFIG/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'orders-release-pipeline', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${func}/config/appsettings`, message: 'Updated app setting WEBSITE_RUN_FROM_PACKAGE=https://stordersdeploy.blob.core.windows.net/packages/func-order-ingest-1.14.1.zip' }, _ResourceId: func.toLowerCase() });
  const deadLetteredBy = (ago: number) => deadLetteredAt.filter((at) => at <= -ago * 60).length;
  b.metric({ resourceId: namespace, namespace: 'Microsoft.ServiceBus/namespaces', name: 'DeadletteredMessages', unit: 'Count', primaryAggregation: 'Average', dimensions: { EntityName: 'orders' }, minutes: 120, value: (ago) => 3 + deadLetteredBy(ago) });
  b.metric({ resourceId: namespace, namespace: 'Microsoft.ServiceBus/namespaces', name: 'ActiveMessages', unit: 'Count', primaryAggregation: 'Average', dimensions: { EntityName: 'orders' }, minutes: 120, value: () => b.rng.int(0, 6) });
  b.metric({ resourceId: namespace, namespace: 'Microsoft.ServiceBus/namespaces', name: 'IncomingMessages', unit: 'Count', primaryAggregation: 'Total', dimensions: { EntityName: 'orders' }, minutes: 120, value: () => 16 + b.rng.int(0, 4) });
  b.resource({ id: namespace, name: 'sb-orders-prod', type: 'Microsoft.ServiceBus/namespaces', location: 'westeurope', sku: { name: 'Standard', tier: 'Standard' }, properties: { provisioningState: 'Succeeded', serviceBusEndpoint: 'https://sb-orders-prod.servicebus.windows.net:443/' } });
  b.resource({ id: `${namespace}/queues/orders`, name: 'orders', type: 'Microsoft.ServiceBus/namespaces/queues', properties: { maxDeliveryCount, lockDuration: 'PT1M', deadLetteringOnMessageExpiration: true, status: 'Active' } });
  b.resource({ id: func, name: 'func-order-ingest-prod', type: 'Microsoft.Web/sites', kind: 'functionapp,linux', location: 'westeurope', tags: { team: 'orders' }, properties: { state: 'Running' } });
  b.resource({ id: appi, name: 'appi-order-ingest-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '2c4e6a8b-0d1f-4e3a-b5c7-9d1f3b5d7f80', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-orders-ingest-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'sb-orders-deadletter-growing', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev2', description: 'Dead-lettered messages in queue orders keep growing', targetId: namespace, targetType: 'Microsoft.ServiceBus/namespaces', targetGroup: rg, configurationItem: 'sb-orders-prod', firedAt: -5 * 60, properties: { team: 'orders' } },
    { metricName: 'DeadletteredMessages', metricNamespace: 'Microsoft.ServiceBus/namespaces', operator: 'GreaterThan', threshold: 20, timeAggregation: 'Maximum', metricValue: 3 + deadLettered, windowMinutes: 5, dimensions: [{ name: 'EntityName', value: 'orders' }] },
  );
  const manifest = {
    title: 'Service Bus dead-letter queue grows: orders with a string quantity are poison messages',
    summary: 'From 47 minutes before the alert, about 8% of the orders messages carry "quantity" as a string; ProcessOrder cannot deserialise them, each is delivered 10 times and dead-lettered, while every other message succeeds on its first delivery.',
    workspaces: [{ name: 'law-orders-ingest-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-order-ingest-prod', resourceId: appi, appId: '2c4e6a8b-0d1f-4e3a-b5c7-9d1f3b5d7f80', workspace: 'law-orders-ingest-prod' }],
  };
  const answer = {
    rootCauseCategory: 'data_issue',
    rootCause: 'Poison messages: since ~47 minutes before the alert some orders messages carry lines[].quantity as a string; ProcessOrder fails on every delivery with System.Text.Json.JsonException (inner exception of FunctionInvocationException) until MaxDeliveryCount 10, and Service Bus dead-letters them. The other messages succeed on their first delivery; Cosmos DB and the 1.14.1 release are not involved.',
    keyTerms: ['JsonException', 'quantity'],
    requiredEvidence: [
      { description: 'The inner exception is a JSON conversion error on lines[0].quantity', table: 'AppExceptions', check: { kind: 'kql', query: "AppExceptions | where InnermostType == 'System.Text.Json.JsonException' and InnermostMessage has 'quantity' | summarize n = count() | where n > 100" } },
      { description: 'Some messages were delivered 10 times', table: 'AppTraces', check: { kind: 'kql', query: "AppTraces | where Message has 'DeliveryCount: 10,' | take 3" } },
      { description: 'Dead-lettered messages grow', metric: 'DeadletteredMessages', check: { kind: 'metric', resourceId: namespace, namespace: 'Microsoft.ServiceBus/namespaces', metric: 'DeadletteredMessages', aggregation: 'Average', operator: 'GreaterThan', threshold: 20 } },
      { description: 'Cosmos DB writes succeed', table: 'AppDependencies', check: { kind: 'kql', query: "AppDependencies | where Target == 'cosmos-orders-prod.documents.azure.com' and TimeGenerated > ago(45m) | summarize ok = countif(Success == true), calls = count() | where ok > calls * 0.95" } },
    ],
    redHerrings: [
      { description: 'Release 1.14.1 of the function app rolled out while poison messages already failed', blame: ['1.14.1', 'release', 'rollback', 'roll back', 'WEBSITE_RUN_FROM_PACKAGE'] },
      { description: 'Transient Cosmos DB 429s that the SDK retried; every write succeeded', blame: ['429', 'cosmos', 'throttl', 'RU/s'] },
    ],
    recommendedActions: ['Inspect the dead-lettered messages and ask the producer to send quantity as a number, or accept both shapes in OrderMessageParser', 'Resubmit the dead-lettered messages after the fix; validate messages on receipt and dead-letter invalid ones at once with a reason'],
  };
  return { manifest, alert, answer };
}

export { build };
