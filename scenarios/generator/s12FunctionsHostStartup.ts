/**
 * 12: an app settings write (terraform apply) drops AzureWebJobsStorage from func-orders-processor;
 * from then on every host start fails ("A host error has occurred during startup operation") and no
 * function runs. Red herrings: NightlyCleanup timing out on every run for hours (one run in the
 * window), an AuditTrail listener that failed once and recovered, and a 2.4.0 deployment hours earlier.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

const HOST_VERSION = '4.1036.1.23224';

function build(b: ScenarioBuilder) {
  const rg = 'rg-orders-func-prod';
  const workspaceId = '2b8d4f6a-0c1e-4a3b-9d5f-7e9a1c3b5d71';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-orders-func-prod');
  const site = b.rid(rg, 'Microsoft.Web', 'sites', 'func-orders-processor');
  const siteLower = site.toLowerCase();
  const plan = b.rid(rg, 'Microsoft.Web', 'serverfarms', 'asp-orders-func-prod');
  const changeAt = -40 * 60;
  const deployAt = -3 * 3600 - 600;
  const instances = ['10-30-4-12', '10-30-4-27'].map((ip) => ({ role: `pd1sdwk0000${ip.slice(-2)}`, host: b.rng.guid(), pid: b.rng.int(20, 90) }));
  const log = (t: number, instance: (typeof instances)[number], fields: { Category: string; Level: 'Information' | 'Warning' | 'Error'; Message: string; FunctionName?: string; FunctionInvocationId?: string; EventId?: number; EventName?: string; ExceptionType?: string; ExceptionMessage?: string; ExceptionDetails?: string }) =>
    b.add('FunctionAppLogs', t, {
      AppName: 'func-orders-processor',
      HostInstanceId: instance.host,
      HostVersion: HOST_VERSION,
      LevelId: fields.Level === 'Error' ? 4 : fields.Level === 'Warning' ? 3 : 2,
      ProcessId: instance.pid,
      RoleInstance: instance.role,
      Location: 'West Europe',
      _ResourceId: siteLower,
      ...fields,
    });

  // Normal work until the settings write: order messages, audit events, health probes.
  const functions = [
    { name: 'ProcessOrder', perMinute: 6, reason: "New ServiceBus message detected on 'orders'.", medianMs: 85, user: (id: number) => `Processing order ${id}` },
    { name: 'AuditTrail', perMinute: 2, reason: "New EventHub messages detected on 'audit'.", medianMs: 30, user: (id: number) => `Wrote ${id % 20 + 1} audit records` },
    { name: 'HealthCheck', perMinute: 1, reason: "This function was programmatically called via the host APIs.", medianMs: 4, user: () => 'Health check ok' },
  ];
  for (let minute = -4 * 3600; minute < changeAt; minute += 60) {
    for (const fn of functions) {
      const count = Math.max(0, fn.perMinute + b.rng.int(-1, 1));
      for (let i = 0; i < count; i++) {
        const t = minute + b.rng.next() * 60;
        if (t >= changeAt) continue;
        const instance = b.rng.pick(instances);
        const id = b.rng.guid();
        const ms = Math.round(b.rng.latency(fn.medianMs));
        log(t, instance, { Category: `Function.${fn.name}.User`, Level: 'Information', Message: fn.user(b.rng.int(100000, 999999)), FunctionName: fn.name, FunctionInvocationId: id });
        log(t + ms / 1000, instance, { Category: `Function.${fn.name}`, Level: 'Information', Message: `Executed 'Functions.${fn.name}' (Succeeded, Id=${id}, Duration=${ms}ms)`, FunctionName: fn.name, FunctionInvocationId: id, EventId: 2, EventName: 'FunctionCompleted' });
      }
    }
    // Background noise: a warning now and then that is part of normal life.
    if (b.rng.chance(0.05)) log(minute + 30, b.rng.pick(instances), { Category: 'Function.ProcessOrder.User', Level: 'Warning', Message: `Order ${b.rng.int(100000, 999999)} has no shipping address; sent to manual review`, FunctionName: 'ProcessOrder' });
  }

  // Red herring: the nightly cleanup times out on every run, for hours, unrelated to the outage.
  for (let t = -4 * 3600 + 600; t < changeAt; t += 1800) {
    const instance = instances[0]!;
    const id = b.rng.guid();
    log(t, instance, { Category: 'Function.NightlyCleanup', Level: 'Information', Message: `Executing 'Functions.NightlyCleanup' (Reason='Timer fired', Id=${id})`, FunctionName: 'NightlyCleanup', FunctionInvocationId: id, EventId: 1, EventName: 'FunctionStarted' });
    if (t > -3 * 3600) {
      log(t + 600, instance, { Category: 'Function.NightlyCleanup', Level: 'Error', Message: `Timeout value of 00:10:00 exceeded by function 'Functions.NightlyCleanup' (Id: '${id}'). Initiating cancellation.`, FunctionName: 'NightlyCleanup', FunctionInvocationId: id, ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionTimeoutException', ExceptionMessage: `Timeout value of 00:10:00 was exceeded by function: Functions.NightlyCleanup` });
      log(t + 601, instance, { Category: 'Function.NightlyCleanup', Level: 'Error', Message: `Executed 'Functions.NightlyCleanup' (Failed, Id=${id}, Duration=600012ms)`, FunctionName: 'NightlyCleanup', FunctionInvocationId: id, EventId: 3, EventName: 'FunctionCompleted' });
    } else {
      log(t + 420, instance, { Category: 'Function.NightlyCleanup', Level: 'Information', Message: `Executed 'Functions.NightlyCleanup' (Succeeded, Id=${id}, Duration=${b.rng.int(380000, 470000)}ms)`, FunctionName: 'NightlyCleanup', FunctionInvocationId: id, EventId: 2, EventName: 'FunctionCompleted' });
    }
  }

  // Red herring: the AuditTrail listener failed once (Event Hubs blip) and started on the next attempt.
  const blip = -66 * 60;
  log(blip, instances[1]!, { Category: 'Microsoft.Azure.WebJobs.Hosting.JobHostService', Level: 'Error', Message: "The listener for function 'Functions.AuditTrail' was unable to start.", FunctionName: 'AuditTrail', ExceptionType: 'Microsoft.Azure.EventHubs.EventHubsException', ExceptionMessage: 'The operation did not complete within the allocated time 00:01:00 for object connection.' });
  log(blip + 75, instances[1]!, { Category: 'Microsoft.Azure.WebJobs.Hosting.JobHostService', Level: 'Information', Message: "Listener for function 'Functions.AuditTrail' started.", FunctionName: 'AuditTrail' });

  // Red herring: version 2.4.0 deployed hours before; functions ran fine for hours after it.
  b.add('AzureActivity', deployAt, { OperationNameValue: 'MICROSOFT.WEB/SITES/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'orders-release-pipeline@contoso.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: site, message: 'Deploy func-orders-processor 2.4.0 (release #212)' }, _ResourceId: siteLower });

  // The cause: an app settings write that leaves AzureWebJobsStorage out.
  b.add('AzureActivity', changeAt, { OperationNameValue: 'MICROSOFT.WEB/SITES/CONFIG/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: '6e2a9c41-3f7b-4d85-a1c0-8b5e2f9d7a36', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${site}/config/appsettings`, message: 'Microsoft.Web/sites/config/write', pipeline: 'terraform apply (infra-orders run 2291)' }, _ResourceId: siteLower });
  for (const instance of instances) {
    log(changeAt + 15, instance, { Category: 'Host.General', Level: 'Information', Message: 'Stopping JobHost', EventName: 'JobHostStopping' });
    for (let t = changeAt + 30 + b.rng.int(0, 20); t < 0; t += b.rng.int(60, 95)) {
      const operation = b.rng.guid();
      instance.host = b.rng.guid();
      log(t, instance, { Category: 'Host.Startup', Level: 'Information', Message: `Starting Host (HostId=func-orders-processor, InstanceId=${instance.host}, Version=${HOST_VERSION}, ProcessId=${instance.pid}, AppDomainId=1, InDebugMode=False, InDiagnosticMode=False, FunctionsExtensionVersion=~4)` });
      log(t + 2, instance, {
        Category: 'Microsoft.Azure.WebJobs.Script.WebHost.WebJobsScriptHostService',
        Level: 'Error',
        Message: `A host error has occurred during startup operation '${operation}'.`,
        ExceptionType: 'System.InvalidOperationException',
        ExceptionMessage: "Storage account connection string 'AzureWebJobsStorage' does not exist. Make sure that it is a defined App Setting.",
        ExceptionDetails: "System.InvalidOperationException : Storage account connection string 'AzureWebJobsStorage' does not exist. Make sure that it is a defined App Setting.\n   at Microsoft.Azure.WebJobs.StorageAccountProvider.Get(String name)\n   at Microsoft.Azure.WebJobs.Script.WebHost.WebJobsScriptHostService.UnsynchronizedStartHostAsync(ScriptHostStartupOperation activeOperation, Int32 attemptCount, JobHostStartupMode startupMode)",
      });
    }
  }

  // Platform metrics exported to the workspace: executions stop, memory drops, probes get 503.
  for (let minute = -4 * 3600; minute < 0; minute += 60) {
    const up = minute < changeAt;
    const metric = (MetricName: string, UnitName: string, value: number) =>
      b.add('AzureMetrics', minute, { ResourceId: site.toUpperCase(), Resource: 'FUNC-ORDERS-PROCESSOR', ResourceGroup: rg.toUpperCase(), ResourceProvider: 'MICROSOFT.WEB', SubscriptionId: b.subscriptionId, MetricName, Total: value, Count: 1, Maximum: value, Minimum: value, Average: value, TimeGrain: 'PT1M', UnitName, _ResourceId: siteLower });
    metric('FunctionExecutionCount', 'Count', up ? 9 + b.rng.int(-2, 2) : 0);
    metric('MemoryWorkingSet', 'Bytes', (up ? 280 + b.rng.int(-20, 25) : 95 + b.rng.int(-10, 10)) * 1048576);
    metric('Http5xx', 'Count', up ? 0 : 1);
  }
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'FunctionExecutionCount', unit: 'Count', primaryAggregation: 'Total', minutes: 240, value: (ago) => (ago > 40 ? 9 + b.rng.int(-2, 2) : 0) });
  b.metric({ resourceId: site, namespace: 'Microsoft.Web/sites', name: 'MemoryWorkingSet', unit: 'Bytes', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago > 40 ? 280 : 95) * 1048576 });
  b.resource({ id: site, name: 'func-orders-processor', type: 'Microsoft.Web/sites', kind: 'functionapp,linux', location: 'westeurope', tags: { team: 'orders' }, properties: { state: 'Running', serverFarmId: plan, siteConfig: { linuxFxVersion: 'DOTNET-ISOLATED|8.0' } } });
  b.resource({ id: plan, name: 'asp-orders-func-prod', type: 'Microsoft.Web/serverfarms', kind: 'functionapp', location: 'westeurope', sku: { name: 'EP1', tier: 'ElasticPremium' } });
  b.resource({ id: workspaceRid, name: 'law-orders-func-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'func-orders-processor-no-executions', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev1', description: 'func-orders-processor ran no function in 15 minutes', targetId: site, targetType: 'Microsoft.Web/sites', targetGroup: rg, configurationItem: 'func-orders-processor', firedAt: -8 * 60, properties: { team: 'orders' } },
    { metricName: 'FunctionExecutionCount', metricNamespace: 'Microsoft.Web/sites', operator: 'LessThan', threshold: 1, timeAggregation: 'Total', metricValue: 0, windowMinutes: 15 },
  );
  const manifest = {
    title: 'func-orders-processor stops running functions: the host cannot start after an app settings write',
    summary: 'A terraform apply rewrote the app settings of func-orders-processor without AzureWebJobsStorage; every host start since fails and no function runs. NightlyCleanup timeouts, an AuditTrail listener blip and a 2.4.0 deployment are red herrings.',
    workspaces: [{ name: 'law-orders-func-prod', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'configuration_change',
    rootCause: "An app settings write (terraform apply, 40 minutes before now) removed AzureWebJobsStorage from func-orders-processor. Every host start since fails with \"Storage account connection string 'AzureWebJobsStorage' does not exist\", so no function has run.",
    keyTerms: ['AzureWebJobsStorage', 'app setting'],
    requiredEvidence: [
      { description: 'The host fails to start because the AzureWebJobsStorage setting does not exist', table: 'FunctionAppLogs', check: { kind: 'kql', query: "FunctionAppLogs | where Message startswith 'A host error has occurred' and ExceptionMessage has 'AzureWebJobsStorage' | take 3" } },
      { description: 'No invocation has completed since the host stopped', table: 'FunctionAppLogs', check: { kind: 'kql', query: "FunctionAppLogs | summarize lastExecuted = maxif(TimeGenerated, Message startswith 'Executed '), lastStartupError = max(TimeGenerated) | where lastExecuted < ago(30m)" } },
      { description: 'An app settings write just before the first startup error', table: 'AzureActivity', check: { kind: 'kql', query: "AzureActivity | where OperationNameValue =~ 'MICROSOFT.WEB/SITES/CONFIG/WRITE' and ActivityStatusValue == 'Success'" } },
    ],
    redHerrings: [
      { description: 'NightlyCleanup has timed out on every run for hours; it does not stop the other functions', blame: ['NightlyCleanup', 'function timeout'] },
      { description: 'The AuditTrail listener failed once (Event Hubs blip) and started on the next attempt', blame: ['AuditTrail', 'listener'] },
      { description: 'Version 2.4.0 was deployed three hours earlier; functions ran normally for hours after it', blame: ['2.4.0'] },
    ],
    recommendedActions: ['Restore the AzureWebJobsStorage app setting (or revert the terraform change) and restart the function app', 'Make the infrastructure code own every app setting the host needs, and validate them before apply'],
  };
  return { manifest, alert, answer };
}

export { build };
