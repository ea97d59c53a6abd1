/** 04: a config change raises checkout-worker's batch size; pods exceed their 512Mi limit and crash-loop (OOMKilled). */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

function build(b: ScenarioBuilder) {
  const rg = 'rg-platform';
  const workspaceId = '7a2e4c6f-8b1d-4f3a-9e5c-2d4f6a8b0c1e';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-platform-prod');
  const aks = b.rid(rg, 'Microsoft.ContainerService', 'managedClusters', 'aks-prod-weu');
  const aksLower = aks.toLowerCase();
  const changeAt = -52 * 60;
  const nodes = ['aks-nodepool1-31718369-vmss000000', 'aks-nodepool1-31718369-vmss000001', 'aks-nodepool1-31718369-vmss000002'];
  const workloads = [
    { ns: 'checkout', ctrl: 'checkout-worker-7f9c6d8b5', container: 'checkout-worker', replicas: 3, victim: true },
    { ns: 'checkout', ctrl: 'checkout-api-5b7d9c4f8', container: 'checkout-api', replicas: 3, victim: false },
    { ns: 'catalog', ctrl: 'catalog-api-6c8e2f9d1', container: 'catalog-api', replicas: 2, victim: false },
    { ns: 'reporting', ctrl: 'nightly-export-28461120', container: 'exporter', replicas: 1, victim: false },
    { ns: 'kube-system', ctrl: 'coredns-789789675', container: 'coredns', replicas: 2, victim: false },
  ];
  const pods = workloads.flatMap((w) => Array.from({ length: w.replicas }, (_, i) => ({ ...w, name: `${w.ctrl}-${b.rng.hex(5)}`, uid: b.rng.guid(), node: nodes[i % nodes.length]!, restarts: 0 })));
  for (let t = -4 * 3600; t < 0; t += 60) {
    for (const pod of pods) {
      let status = 'Running';
      let reason = '';
      let last = '';
      if (pod.victim && t >= changeAt + 300) {
        // Each worker is killed every 4-7 minutes once it loads the oversized batch.
        if (b.rng.chance(0.2)) pod.restarts++;
        const crashing = b.rng.chance(0.55);
        status = crashing ? 'Waiting' : 'Running';
        reason = crashing ? 'CrashLoopBackOff' : '';
        last = 'OOMKilled';
      }
      if (pod.ns === 'reporting') {
        status = 'Waiting';
        reason = 'ImagePullBackOff';
      }
      if (t % 300 !== 0 && !(pod.victim && t >= changeAt)) continue;
      b.add('KubePodInventory', t, { ClusterName: 'aks-prod-weu', Computer: pod.node, Namespace: pod.ns, Name: pod.name, PodUid: pod.uid, PodStatus: pod.ns === 'reporting' ? 'Pending' : 'Running', PodRestartCount: pod.restarts, ContainerName: `${pod.uid}/${pod.container}`, ContainerStatus: status, ContainerStatusReason: reason, ContainerLastStatus: last, ContainerRestartCount: pod.restarts, ControllerKind: pod.ns === 'reporting' ? 'Job' : 'ReplicaSet', ControllerName: pod.ctrl, _ResourceId: aksLower });
    }
  }
  const event = (t: number, ns: string, name: string, kind: string, reason: string, message: string, type: string, source: string, node: string) =>
    b.add('KubeEvents', t, { ClusterName: 'aks-prod-weu', Computer: node, Namespace: ns, Name: name, ObjectKind: kind, Reason: reason, Message: message, KubeEventType: type, SourceComponent: source, Count: 1, FirstSeen: `@${t}`, LastSeen: `@${t}`, _ResourceId: aksLower });
  event(changeAt, 'checkout', 'checkout-worker-config', 'ConfigMap', 'Updated', 'ConfigMap checkout/checkout-worker-config updated by flux (commit 3e9a1f2: raise ORDER_BATCH_SIZE 100 -> 5000)', 'Normal', 'flux-kustomize-controller', nodes[0]!);
  for (const pod of pods.filter((p) => p.victim)) {
    for (let t = changeAt + 300 + b.rng.int(0, 120); t < 0; t += b.rng.int(240, 420)) {
      event(t, 'checkout', pod.name, 'Pod', 'OOMKilling', `Memory cgroup out of memory: Killed process ${b.rng.int(2000, 9000)} (dotnet) total-vm:${b.rng.int(2700000, 2900000)}kB, anon-rss:524288kB`, 'Warning', 'kernel-monitor', pod.node);
      event(t + 2, 'checkout', pod.name, 'Pod', 'BackOff', `Back-off restarting failed container checkout-worker in pod ${pod.name}_checkout(${pod.uid})`, 'Warning', 'kubelet', pod.node);
      b.add('ContainerLogV2', t - 40, { Computer: pod.node, ContainerName: 'checkout-worker', PodName: pod.name, PodNamespace: 'checkout', LogSource: 'stdout', LogMessage: { level: 'info', msg: 'Loaded order batch', batchSize: 5000, heapMB: b.rng.int(430, 505) }, _ResourceId: aksLower });
    }
  }
  for (let t = -4 * 3600; t < 0; t += 20) {
    const pod = b.rng.pick(pods.filter((p) => p.container === 'checkout-api' || (p.victim && t < changeAt)));
    b.add('ContainerLogV2', t, { Computer: pod.node, ContainerName: pod.container, PodName: pod.name, PodNamespace: 'checkout', LogSource: 'stdout', LogMessage: pod.victim ? { level: 'info', msg: 'Loaded order batch', batchSize: 100, heapMB: b.rng.int(120, 160) } : { level: 'info', msg: 'request finished', path: '/api/checkout', status: 200, ms: b.rng.int(12, 60) }, _ResourceId: aksLower });
  }
  // Red herring: a reporting job that cannot pull its image (unrelated namespace, failing all day).
  for (let t = -4 * 3600 + 100; t < 0; t += 900) event(t, 'reporting', pods.find((p) => p.ns === 'reporting')!.name, 'Pod', 'Failed', 'Failed to pull image "crplatform.azurecr.io/nightly-export:1.9.0": not found', 'Warning', 'kubelet', nodes[2]!);
  for (let t = -4 * 3600; t < 0; t += 60) for (const node of nodes) b.add('Heartbeat', t + b.rng.next() * 5, { Computer: node, Category: 'Direct Agent', OSType: 'Linux', Version: '1.29.7', ComputerIP: '10.224.0.' + (nodes.indexOf(node) + 4), ComputerEnvironment: 'Azure', ResourceGroup: 'MC_rg-platform_aks-prod-weu_westeurope', _ResourceId: aksLower });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'node_memory_working_set_percentage', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: () => 58 + b.rng.next() * 6 });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'node_cpu_usage_percentage', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago > 150 && ago < 170 ? 81 : 34) + b.rng.next() * 6 });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'kube_pod_status_ready', unit: 'Count', primaryAggregation: 'Average', dimensions: { namespace: 'checkout' }, minutes: 240, value: (ago) => (ago <= 47 ? 3 + b.rng.int(0, 2) : 6) });
  b.resource({ id: aks, name: 'aks-prod-weu', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope', properties: { kubernetesVersion: '1.29.7', provisioningState: 'Succeeded', powerState: { code: 'Running' }, agentPoolProfiles: [{ name: 'nodepool1', count: 3, vmSize: 'Standard_D4s_v5', mode: 'System' }], addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceRid } } } } });
  b.resource({ id: workspaceRid, name: 'law-platform-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const query = "KubePodInventory | where ContainerLastStatus has 'OOMKilled' | summarize Restarts = count() by Namespace, _ResourceId";
  const alert = logAlert(
    b,
    { rule: 'aks-pod-oomkilled', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev2', description: 'Containers terminated with OOMKilled in the last 10 minutes', targetId: workspaceRid, targetType: 'Microsoft.OperationalInsights/workspaces', targetGroup: rg, configurationItem: aks, firedAt: -40 * 60, properties: { owner: 'platform-team' } },
    { workspaceId, query, threshold: 0, metricValue: 4, windowMinutes: 10, dimensions: [{ name: 'Namespace', value: 'checkout' }, { name: '_ResourceId', value: aksLower }] },
  );
  const manifest = {
    title: 'checkout-worker pods crash-loop with OOMKilled after a batch-size change',
    summary: 'A GitOps config change raised ORDER_BATCH_SIZE from 100 to 5000; checkout-worker loads the whole batch into memory, exceeds its 512Mi limit and is OOM-killed over and over.',
    workspaces: [{ name: 'law-platform-prod', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'oom_crash_loop',
    rootCause: 'The ConfigMap change (flux commit 3e9a1f2) raised ORDER_BATCH_SIZE from 100 to 5000; each checkout-worker pod loads the batch into memory, passes its 512Mi limit, is OOMKilled and enters CrashLoopBackOff.',
    keyTerms: ['OOMKilled', 'ORDER_BATCH_SIZE'],
    requiredEvidence: [
      { description: 'checkout-worker containers last terminated OOMKilled, restarting repeatedly', table: 'KubePodInventory', check: { kind: 'kql', query: "KubePodInventory | where Namespace == 'checkout' and ControllerName startswith 'checkout-worker' and ContainerLastStatus == 'OOMKilled' | summarize maxRestarts = max(ContainerRestartCount) by Name | where maxRestarts > 2" } },
      { description: 'Kernel OOM kills of the dotnet process at the container limit', table: 'KubeEvents', check: { kind: 'kql', query: "KubeEvents | where Reason == 'OOMKilling' and Namespace == 'checkout' | take 5" } },
      { description: 'The batch size change that preceded the first kill', table: 'KubeEvents', check: { kind: 'kql', query: "KubeEvents | where ObjectKind == 'ConfigMap' and Message has 'ORDER_BATCH_SIZE'" } },
      { description: 'Worker logs show batches of 5000 with heap near 512 MB', table: 'ContainerLogV2', check: { kind: 'kql', query: "ContainerLogV2 | where ContainerName == 'checkout-worker' and toint(LogMessage.batchSize) == 5000 | take 5" } },
    ],
    redHerrings: [
      { description: 'nightly-export job in namespace reporting cannot pull its image (all day, unrelated)', blame: ['ImagePullBackOff', 'nightly-export', 'image pull'] },
      { description: 'Node CPU spike two and a half hours earlier; node memory is normal (~60%)', blame: ['node pressure', 'node cpu', 'node memory'] },
    ],
    recommendedActions: ['Revert ORDER_BATCH_SIZE to 100 (flux revert of commit 3e9a1f2) or raise the checkout-worker memory limit', 'Stream batches instead of loading them whole; add a memory-based HPA and an alert on container working set near the limit'],
  };
  return { manifest, alert, answer };
}

export { build };
