/**
 * 16: an alert storm. A Helm upgrade raises fraud-scorer's model cache above its memory limit;
 * the OOMKilled log alert, split by pod, fires for every pod at every evaluation: ten alerts of
 * one rule on one workspace, one cause. They must make one investigation (the rest join it as
 * signals) and one report, not ten.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

function build(b: ScenarioBuilder) {
  const rg = 'rg-risk-prod';
  const workspaceId = '9e1a3c5d-7f2b-4d6e-8a0c-4b6d8f0a2c59';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-risk-prod');
  const aks = b.rid(rg, 'Microsoft.ContainerService', 'managedClusters', 'aks-risk-weu');
  const aksLower = aks.toLowerCase();
  const upgradeAt = -45 * 60;
  const nodes = ['aks-system-14205871-vmss000000', 'aks-system-14205871-vmss000001', 'aks-system-14205871-vmss000002'];
  const workloads = [
    { ns: 'risk', ctrl: 'fraud-scorer-6b8d4f7c9', container: 'fraud-scorer', replicas: 4, victim: true },
    { ns: 'risk', ctrl: 'risk-api-7c9e5a1b3', container: 'risk-api', replicas: 2, victim: false },
    { ns: 'istio-system', ctrl: 'istiod-5f7b9d2c4', container: 'discovery', replicas: 1, victim: false },
  ];
  const pods = workloads.flatMap((w) => Array.from({ length: w.replicas }, (_, i) => ({ ...w, name: `${w.ctrl}-${b.rng.hex(5)}`, uid: b.rng.guid(), node: nodes[i % nodes.length]!, restarts: 0 })));
  for (let t = -3 * 3600; t < 0; t += 60) {
    for (const pod of pods) {
      const oom = pod.victim && t >= upgradeAt + 240;
      if (oom && b.rng.chance(0.22)) pod.restarts++;
      const crashing = oom && b.rng.chance(0.5);
      if (t % 300 !== 0 && !oom) continue;
      b.add('KubePodInventory', t, { ClusterName: 'aks-risk-weu', Computer: pod.node, Namespace: pod.ns, Name: pod.name, PodUid: pod.uid, PodStatus: 'Running', PodRestartCount: pod.restarts, ContainerName: `${pod.uid}/${pod.container}`, ContainerStatus: crashing ? 'Waiting' : 'Running', ContainerStatusReason: crashing ? 'CrashLoopBackOff' : '', ContainerLastStatus: oom ? 'OOMKilled' : '', ContainerRestartCount: pod.restarts, ControllerKind: 'ReplicaSet', ControllerName: pod.ctrl, _ResourceId: aksLower });
    }
  }
  const event = (t: number, ns: string, name: string, kind: string, reason: string, message: string, type: string, source: string, node: string) =>
    b.add('KubeEvents', t, { ClusterName: 'aks-risk-weu', Computer: node, Namespace: ns, Name: name, ObjectKind: kind, Reason: reason, Message: message, KubeEventType: type, SourceComponent: source, Count: 1, FirstSeen: `@${t}`, LastSeen: `@${t}`, _ResourceId: aksLower });
  event(upgradeAt, 'risk', 'fraud-scorer-config', 'ConfigMap', 'Updated', 'ConfigMap risk/fraud-scorer-config updated by helm (release fraud-scorer revision 12: MODEL_CACHE_MB 512 -> 1536)', 'Normal', 'helm-controller', nodes[0]!);
  for (const pod of pods.filter((p) => p.victim)) {
    for (let t = upgradeAt + 240 + b.rng.int(0, 120); t < 0; t += b.rng.int(200, 400)) {
      event(t, 'risk', pod.name, 'Pod', 'OOMKilling', `Memory cgroup out of memory: Killed process ${b.rng.int(2000, 9000)} (python) total-vm:${b.rng.int(2100000, 2300000)}kB, anon-rss:1048576kB`, 'Warning', 'kernel-monitor', pod.node);
      event(t + 2, 'risk', pod.name, 'Pod', 'BackOff', `Back-off restarting failed container fraud-scorer in pod ${pod.name}_risk(${pod.uid})`, 'Warning', 'kubelet', pod.node);
      b.add('ContainerLogV2', t - 30, { Computer: pod.node, ContainerName: 'fraud-scorer', PodName: pod.name, PodNamespace: 'risk', LogSource: 'stdout', LogMessage: { level: 'info', msg: 'Warming model cache', cacheMB: 1536, limitMB: 1024 }, _ResourceId: aksLower });
    }
  }
  // Background: steady request logs, and istio sidecar warnings all day (known noise).
  for (let t = -3 * 3600; t < 0; t += 15) {
    const pod = b.rng.pick(pods.filter((p) => p.container === 'risk-api'));
    b.add('ContainerLogV2', t, { Computer: pod.node, ContainerName: pod.container, PodName: pod.name, PodNamespace: 'risk', LogSource: 'stdout', LogMessage: { level: 'info', msg: 'scored transaction', ms: b.rng.int(8, 40) }, _ResourceId: aksLower });
  }
  for (let t = -3 * 3600 + 90; t < 0; t += b.rng.int(400, 900)) {
    const pod = pods.find((p) => p.ns === 'istio-system')!;
    b.add('ContainerLogV2', t, { Computer: pod.node, ContainerName: 'discovery', PodName: pod.name, PodNamespace: 'istio-system', LogSource: 'stderr', LogMessage: { level: 'warn', msg: 'istio sidecar: xDS push delayed, 1 proxy not ready' }, _ResourceId: aksLower });
  }
  // Red herring: the cluster autoscaler added a node 90 minutes ago (more load earlier in the day).
  event(-90 * 60, 'default', 'cluster-autoscaler-status', 'ConfigMap', 'ScaledUpGroup', 'Scale-up: setting group aks-system-14205871-vmss size to 3 instead of 2 (max: 5)', 'Normal', 'cluster-autoscaler', nodes[2]!);
  for (let t = -3 * 3600; t < 0; t += 60) for (const node of nodes) b.add('Heartbeat', t + b.rng.next() * 5, { Computer: node, Category: 'Direct Agent', OSType: 'Linux', Version: '1.30.4', ComputerIP: '10.240.0.' + (nodes.indexOf(node) + 4), ComputerEnvironment: 'Azure', ResourceGroup: 'MC_rg-risk-prod_aks-risk-weu_westeurope', _ResourceId: aksLower });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'node_memory_working_set_percentage', unit: 'Percent', primaryAggregation: 'Average', minutes: 180, value: () => 52 + b.rng.next() * 6 });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'kube_pod_status_ready', unit: 'Count', primaryAggregation: 'Average', dimensions: { namespace: 'risk' }, minutes: 180, value: (ago) => (ago <= 41 ? 3 + b.rng.int(0, 2) : 6) });
  b.resource({ id: aks, name: 'aks-risk-weu', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope', properties: { kubernetesVersion: '1.30.4', provisioningState: 'Succeeded', powerState: { code: 'Running' }, agentPoolProfiles: [{ name: 'system', count: 3, vmSize: 'Standard_D8s_v5', mode: 'System' }], addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceRid } } } } });
  b.resource({ id: workspaceRid, name: 'law-risk-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  // The storm: the rule is split by pod, so every evaluation (every 5 minutes) fires one alert per OOMKilled pod.
  const query = "KubePodInventory | where ContainerLastStatus has 'OOMKilled' | summarize Restarts = count() by Name, Namespace, _ResourceId";
  const victims = pods.filter((p) => p.victim);
  const firings = [-30, -25, -20].flatMap((minutes) => victims.map((pod) => ({ minutes, pod }))).slice(0, 10);
  const alerts = firings.map(({ minutes, pod }, i) => ({
    afterSeconds: i * 0.5,
    payload: logAlert(
      b,
      { rule: 'aks-pod-oomkilled', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev2', description: 'A container was terminated with OOMKilled in the last 5 minutes', targetId: workspaceRid, targetType: 'Microsoft.OperationalInsights/workspaces', targetGroup: rg, configurationItem: aks, firedAt: minutes * 60 + i, properties: { owner: 'risk-team' } },
      { workspaceId, query, threshold: 0, metricValue: b.rng.int(1, 3), windowMinutes: 5, dimensions: [{ name: 'Name', value: pod.name }, { name: 'Namespace', value: 'risk' }, { name: '_ResourceId', value: aksLower }] },
    ),
  }));
  const manifest = {
    title: 'Alert storm: ten OOMKilled alerts from one fraud-scorer memory change',
    summary: 'A Helm upgrade raises MODEL_CACHE_MB to 1536 while the container limit stays 1 GiB; the per-pod OOMKilled alert fires ten times in fifteen minutes. One investigation, one report.',
    workspaces: [{ name: 'law-risk-prod', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'oom_crash_loop',
    rootCause: 'Helm release fraud-scorer revision 12 raised MODEL_CACHE_MB from 512 to 1536 while the container memory limit stayed 1 GiB; every fraud-scorer pod is OOMKilled while warming the cache and crash-loops. The ten alerts are one incident.',
    keyTerms: ['OOMKilled', 'MODEL_CACHE_MB'],
    investigations: 1,
    requiredEvidence: [
      { description: 'fraud-scorer containers last terminated OOMKilled, restarting repeatedly', table: 'KubePodInventory', check: { kind: 'kql', query: "KubePodInventory | where Namespace == 'risk' and ControllerName startswith 'fraud-scorer' and ContainerLastStatus == 'OOMKilled' | summarize maxRestarts = max(ContainerRestartCount) by Name | where maxRestarts > 2" } },
      { description: 'Kernel OOM kills at the 1 GiB limit', table: 'KubeEvents', check: { kind: 'kql', query: "KubeEvents | where Reason == 'OOMKilling' and Namespace == 'risk' | take 5" } },
      { description: 'The Helm upgrade that raised the cache size', table: 'KubeEvents', check: { kind: 'kql', query: "KubeEvents | where ObjectKind == 'ConfigMap' and Message has 'MODEL_CACHE_MB'" } },
    ],
    redHerrings: [
      { description: 'Cluster autoscaler scale-up 90 minutes earlier', blame: ['autoscaler', 'scale-up'] },
      { description: 'istio sidecar xDS warnings, present all day', blame: ['istio', 'xDS'] },
    ],
    recommendedActions: ['Roll back Helm release fraud-scorer to revision 11 or raise its memory limit above the cache size', 'Group per-pod OOMKilled alerts by workload in the alert rule to reduce the storm'],
  };
  return { manifest, alerts, answer };
}

export { build };
