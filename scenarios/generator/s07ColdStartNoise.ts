/** 07: a latency alert that is noise: notify-api scaled to zero overnight; the first requests paid the cold start. */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';
import { simulateTraffic, type Operation } from './webTraffic';

function build(b: ScenarioBuilder) {
  const rg = 'rg-comms-prod';
  const workspaceId = 'e9b1d3f5-7a2c-4e6b-8d0a-4c6e8a0b2d97';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-comms-prod');
  const appi = b.rid(rg, 'Microsoft.Insights', 'components', 'appi-comms-prod');
  const notify = b.rid(rg, 'Microsoft.App', 'containerApps', 'ca-notify-api');
  const wakeAt = -9 * 60;
  const rev = 'ca-notify-api--r7k2m9q';
  const replica = `${rev}-5c7d9f8b6-w4x8z`;
  const ops: Operation[] = [
    { name: 'POST /api/notifications', url: '/api/notifications', weight: 4, medianMs: 22, dependencies: [{ target: 'sb-comms-prod.servicebus.windows.net', type: 'Azure Service Bus', name: 'Send', data: 'notifications', medianMs: 9 }] },
    { name: 'GET /api/notifications/{id}', url: '/api/notifications/51c2', weight: 1, medianMs: 8, dependencies: [] },
  ];
  // A busy neighbour in the same Application Insights resource (shared telemetry, unaffected).
  simulateTraffic(b, {
    from: -4 * 3600, to: 0, perMinute: 10, roleName: 'comms-portal', host: 'comms.contoso.com', resourceId: appi,
    operations: [{ name: 'GET /inbox', url: '/inbox', weight: 1, medianMs: 35, dependencies: [{ target: 'ca-notify-api.internal', type: 'HTTP', name: 'GET /api/notifications/{id}', data: 'cached', medianMs: 1 }] }],
    instanceAt: () => 'comms-portal-0', versionAt: () => '2.0.7', effect: () => ({}), dependencySample: 0.1,
  });
  // notify-api: a morning burst long ago, idle (scaled to zero), then the wake-up.
  let served = 0;
  simulateTraffic(b, {
    from: wakeAt, to: 0, perMinute: 6, roleName: 'notify-api', host: 'ca-notify-api.internal', resourceId: appi, operations: ops,
    instanceAt: () => replica, versionAt: () => '1.8.3',
    effect: () => {
      served++;
      // The first requests queue behind container start and JIT warm-up.
      return served <= 4 ? { extraMs: 9400 - served * 1700 + b.rng.next() * 300 } : {};
    },
  });
  simulateTraffic(b, {
    from: -3 * 3600 - 1200, to: -3 * 3600, perMinute: 6, roleName: 'notify-api', host: 'ca-notify-api.internal', resourceId: appi, operations: ops,
    instanceAt: () => `${rev}-5c7d9f8b6-m2n6p`, versionAt: () => '1.8.3', effect: () => ({}),
  });
  const sys = (t: number, reason: string, log: string, rep = '') =>
    b.add('ContainerAppSystemLogs_CL', t, { ContainerAppName_s: 'ca-notify-api', RevisionName_s: rev, ReplicaName_s: rep, EnvironmentName_s: 'cae-comms-prod', Type_s: 'Normal', Reason_s: reason, Log_s: log, Count_d: 1, _ResourceId: notify.toLowerCase() });
  sys(-3 * 3600 + 300, 'KEDAScaleTargetDeactivated', 'Deactivated apps/v1.Deployment k8se-apps/ca-notify-api--r7k2m9q from 1 to 0', `${rev}-5c7d9f8b6-m2n6p`);
  sys(wakeAt - 1, 'KEDAScaleTargetActivated', `Scaled apps/v1.Deployment k8se-apps/${rev} from 0 to 1`);
  sys(wakeAt + 2, 'AssigningReplica', `Replica '${replica}' has been scheduled to run on a node.`, replica);
  sys(wakeAt + 4, 'PulledImage', 'Successfully pulled image "crcommsprod.azurecr.io/notify-api:1.8.3" in 3.1s', replica);
  sys(wakeAt + 5, 'ContainerStarted', "Started container 'notify-api'", replica);
  sys(wakeAt + 11, 'ProbeSucceeded', 'Readiness probe succeeded', replica);
  const trace = (t: number, message: string, level: number) => b.add('AppTraces', t, { Message: message, SeverityLevel: level, Properties: { CategoryName: 'Microsoft.Hosting.Lifetime' }, AppRoleName: 'notify-api', AppRoleInstance: replica, AppVersion: '1.8.3', ItemCount: 1, _ResourceId: appi });
  trace(wakeAt + 6, 'Now listening on: http://[::]:8080', 1);
  trace(wakeAt + 6.2, 'Storing keys in a directory \'/root/.aspnet/DataProtection-Keys\' that may not be persisted outside of the container. Protected data will be unavailable when container is destroyed.', 2);
  trace(wakeAt + 10.8, 'Application started. Startup took 6842 ms (configuration load 2950 ms, JIT warm-up 3100 ms)', 1);
  b.metric({ resourceId: notify, namespace: 'Microsoft.App/containerApps', name: 'Replicas', unit: 'Count', primaryAggregation: 'Maximum', minutes: 240, value: (ago) => (ago <= 9 || (ago > 175 && ago <= 200) ? 1 : 0) });
  b.metric({ resourceId: appi, namespace: 'microsoft.insights/components', name: 'requests/duration', unit: 'MilliSeconds', primaryAggregation: 'Average', dimensions: { 'cloud/roleName': 'notify-api' }, minutes: 240, value: (ago) => (ago === 9 || ago === 8 ? 4100 + b.rng.next() * 500 : ago < 8 || (ago > 180 && ago <= 200) ? 30 + b.rng.next() * 10 : null) });
  b.resource({ id: notify, name: 'ca-notify-api', type: 'Microsoft.App/containerApps', location: 'westeurope', tags: { team: 'comms' }, properties: { latestRevisionName: rev, provisioningState: 'Succeeded', template: { scale: { minReplicas: 0, maxReplicas: 5, rules: [{ name: 'http', http: { metadata: { concurrentRequests: '50' } } }] }, containers: [{ name: 'notify-api', image: 'crcommsprod.azurecr.io/notify-api:1.8.3', resources: { cpu: 0.25, memory: '0.5Gi' } }] } } });
  b.resource({ id: appi, name: 'appi-comms-prod', type: 'microsoft.insights/components', kind: 'web', location: 'westeurope', properties: { AppId: '0c2e4a6b-9d1f-4b3a-85c7-e9f1b3d5a708', WorkspaceResourceId: workspaceRid } });
  b.resource({ id: workspaceRid, name: 'law-comms-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'notify-api-latency', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev3', description: 'Average server response time of notify-api is above 3 s', targetId: appi, targetType: 'microsoft.insights/components', targetGroup: rg, configurationItem: 'appi-comms-prod', firedAt: -5 * 60, properties: { team: 'comms' } },
    { metricName: 'requests/duration', metricNamespace: 'microsoft.insights/components', operator: 'GreaterThan', threshold: 3000, timeAggregation: 'Average', metricValue: 4310.5, windowMinutes: 5, dimensions: [{ name: 'cloud/roleName', value: 'notify-api' }] },
  );
  const manifest = {
    title: 'notify-api latency alert after scale-from-zero (noise)',
    summary: 'notify-api runs with minReplicas 0; the first requests after three idle hours waited for container start and warm-up. Everything after is fast and error-free.',
    workspaces: [{ name: 'law-comms-prod', workspaceId, resourceId: workspaceRid }],
    appInsights: [{ name: 'appi-comms-prod', resourceId: appi, appId: '0c2e4a6b-9d1f-4b3a-85c7-e9f1b3d5a708', workspace: 'law-comms-prod' }],
  };
  const answer = {
    rootCauseCategory: 'noise_cold_start',
    rootCause: 'ca-notify-api scales to zero (minReplicas 0). After about three idle hours KEDA scaled it from 0 to 1; the first four requests waited for image pull, container start and a 6.8 s startup, which lifted the 5-minute average duration above 3 s. Later requests are normal and nothing failed: the alert is noise from a cold start.',
    keyTerms: ['cold start', 'scale'],
    requiredEvidence: [
      { description: 'KEDA scaled the app from 0 to 1 just before the slow requests', table: 'ContainerAppSystemLogs_CL', check: { kind: 'kql', query: "ContainerAppSystemLogs_CL | where Reason_s == 'KEDAScaleTargetActivated' and Log_s has 'from 0 to 1'" } },
      { description: 'Only the first few requests after the wake-up were slow', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where AppRoleName == 'notify-api' and TimeGenerated > ago(10m) | summarize slow = countif(DurationMs > 3000), total = count() | where slow > 0 and slow <= 5 and total > 20" } },
      { description: 'No failed notify-api requests', table: 'AppRequests', check: { kind: 'kql', query: "AppRequests | where AppRoleName == 'notify-api' | summarize failed = countif(Success == false) | where failed == 0" } },
      { description: 'The app had zero replicas before', metric: 'Replicas', check: { kind: 'metric', resourceId: notify, namespace: 'Microsoft.App/containerApps', metric: 'Replicas', aggregation: 'Maximum', operator: 'LessThan', threshold: 1 } },
    ],
    redHerrings: [
      { description: 'Data Protection keys warning at container start (harmless, printed on every start)', blame: ['DataProtection', 'data protection keys'] },
      { description: 'comms-portal traffic in the same Application Insights is steady and unaffected', blame: ['comms-portal'] },
    ],
    recommendedActions: ['No action needed for this alert; close it as a cold start', 'If first-request latency matters, set minReplicas to 1 or alert on a percentile over a longer window with a minimum request count'],
  };
  return { manifest, alert, answer };
}

export { build };
