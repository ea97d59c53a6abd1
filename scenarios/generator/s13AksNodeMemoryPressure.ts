/**
 * 13: feature-builder (namespace ml) is scaled from 2 to 6 replicas; its pods request 512Mi but use
 * about 3 GiB each, and four land on one node. The node reports MemoryPressure, the kubelet evicts
 * pods of several namespaces and the node briefly goes NotReady. Red herrings: payments-api OOMKilled
 * twice at its own 256Mi limit on another node, a node image upgrade hours earlier, and a reporting
 * job that cannot pull its image.
 */
import { metricAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

const GIB = 1024 ** 3;

function build(b: ScenarioBuilder) {
  const rg = 'rg-data-platform';
  const workspaceId = '9c1e3a5b-7d2f-4b6c-8e0a-4f6b8d0e2a35';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-data-platform');
  const aks = b.rid(rg, 'Microsoft.ContainerService', 'managedClusters', 'aks-data-weu');
  const aksLower = aks.toLowerCase();
  const clusterId = aksLower;
  const scaleAt = -70 * 60;
  const pressureFrom = -48 * 60;
  const notReadyFrom = -31 * 60;
  const notReadyTo = -27 * 60;
  const nodes = ['aks-nodepool1-27463915-vmss000000', 'aks-nodepool1-27463915-vmss000001', 'aks-nodepool1-27463915-vmss000002'];
  const hot = nodes[1]!;
  const capacity = 16 * GIB;

  // Node inventory every minute; the hot node reports MemoryPressure, then is briefly NotReady.
  for (let t = -4 * 3600; t < 0; t += 60) {
    for (const node of nodes) {
      const pressured = node === hot && t >= pressureFrom;
      const ready = !(node === hot && t >= notReadyFrom && t < notReadyTo);
      const status = [pressured ? 'MemoryPressure' : '', ready ? 'Ready' : ''].filter(Boolean).join(',');
      b.add('KubeNodeInventory', t + b.rng.next() * 3, { ClusterName: 'aks-data-weu', ClusterId: clusterId, Computer: node, Status: status, LastTransitionTimeReady: node === hot && t >= notReadyFrom ? `@${t >= notReadyTo ? notReadyTo : notReadyFrom}` : '@-1209600', KubeletVersion: 'v1.29.7', Labels: JSON.stringify([{ agentpool: 'nodepool1', 'kubernetes.azure.com/mode': 'system', 'node.kubernetes.io/instance-type': 'Standard_D4s_v5' }]), OperatingSystem: 'Ubuntu 22.04.4 LTS', _ResourceId: aksLower });
      if (t % 300 === 0 || (node === hot && t >= scaleAt)) {
        const usedGiB = node === hot ? (t < scaleAt ? 9.2 : Math.min(15.6, 9.2 + ((t - scaleAt) / 60) * 0.28)) : node === nodes[0] ? 8.1 : 9.6;
        b.add('Perf', t, { Computer: node, ObjectName: 'K8SNode', CounterName: 'memoryWorkingSetBytes', InstanceName: `${clusterId}/${node}`, CounterValue: Math.round((usedGiB + b.rng.next() * 0.3) * GIB), CounterPath: `\\\\${node}\\K8SNode(${clusterId}/${node})\\memoryWorkingSetBytes`, _ResourceId: aksLower });
        b.add('Perf', t, { Computer: node, ObjectName: 'K8SNode', CounterName: 'memoryCapacityBytes', InstanceName: `${clusterId}/${node}`, CounterValue: capacity, CounterPath: `\\\\${node}\\K8SNode(${clusterId}/${node})\\memoryCapacityBytes`, _ResourceId: aksLower });
        b.add('Perf', t, { Computer: node, ObjectName: 'K8SNode', CounterName: 'cpuUsageNanoCores', InstanceName: `${clusterId}/${node}`, CounterValue: Math.round((0.9 + b.rng.next() * 0.6) * 1e9), CounterPath: `\\\\${node}\\K8SNode(${clusterId}/${node})\\cpuUsageNanoCores`, _ResourceId: aksLower });
      }
    }
  }

  // Workloads: pods every five minutes (background), feature-builder and evicted pods in between.
  const workloads = [
    { ns: 'shop', ctrl: 'checkout-api-6d8f7c9b4', container: 'checkout-api', replicas: 3 },
    { ns: 'catalog', ctrl: 'catalog-api-7b9c5d2e1', container: 'catalog-api', replicas: 2 },
    { ns: 'payments', ctrl: 'payments-api-5f4e8a7c2', container: 'payments-api', replicas: 2 },
    { ns: 'ml', ctrl: 'feature-builder-84c6d9f7b', container: 'feature-builder', replicas: 6 },
    { ns: 'kube-system', ctrl: 'coredns-789789675', container: 'coredns', replicas: 2 },
  ];
  const pods = workloads.flatMap((w) =>
    Array.from({ length: w.replicas }, (_, i) => ({
      ...w,
      name: `${w.ctrl}-${b.rng.hex(5)}`,
      uid: b.rng.guid(),
      // Four of the six feature-builder replicas land on the hot node (the scheduler sees 512Mi requests).
      node: w.ns === 'ml' ? (i === 0 || i >= 3 ? hot : nodes[i === 1 ? 0 : 2]!) : nodes[(i + w.ns.length) % nodes.length]!,
      startsAt: w.ns === 'ml' && i >= 2 ? scaleAt + 20 : -10 * 3600,
      restarts: 0,
      evictedAt: null as number | null,
    })),
  );
  const event = (t: number, ns: string, name: string, kind: string, reason: string, message: string, type: string, source: string, node: string) =>
    b.add('KubeEvents', t, { ClusterName: 'aks-data-weu', Computer: node, Namespace: ns, Name: name, ObjectKind: kind, Reason: reason, Message: message, KubeEventType: type, SourceComponent: source, Count: 1, FirstSeen: `@${t}`, LastSeen: `@${t}`, _ResourceId: aksLower });
  event(scaleAt, 'ml', 'feature-builder', 'Deployment', 'ScalingReplicaSet', 'Scaled up replica set feature-builder-84c6d9f7b to 6 from 2', 'Normal', 'deployment-controller', nodes[0]!);

  // Evictions on the hot node: feature-builder first (furthest over its request), then its neighbours.
  const evictions: Array<{ t: number; ns: string; pod: string; container: string; usingKi: number; request: string }> = [];
  let t = pressureFrom + 40;
  for (const pod of pods.filter((p) => p.node === hot && p.ns !== 'kube-system')) {
    if (pod.ns === 'ml') {
      evictions.push({ t, ns: pod.ns, pod: pod.name, container: pod.container, usingKi: b.rng.int(3100000, 3400000), request: '512Mi' });
      // Its replacement lands on the same node and is evicted again.
      evictions.push({ t: t + 600 + b.rng.int(0, 120), ns: pod.ns, pod: `${pod.ctrl}-${b.rng.hex(5)}`, container: pod.container, usingKi: b.rng.int(3000000, 3300000), request: '512Mi' });
    } else {
      evictions.push({ t: t + b.rng.int(200, 400), ns: pod.ns, pod: pod.name, container: pod.container, usingKi: b.rng.int(380000, 460000), request: '256Mi' });
    }
    pod.evictedAt = t;
    t += b.rng.int(90, 180);
  }
  for (const e of evictions) {
    event(e.t, e.ns, e.pod, 'Pod', 'Evicted', `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${b.rng.int(52000, 98000)}Ki. Container ${e.container} was using ${e.usingKi}Ki, request is ${e.request}, has larger consumption of memory.`, 'Warning', 'kubelet', hot);
  }
  event(pressureFrom, '', hot, 'Node', 'NodeHasInsufficientMemory', `Node ${hot} status is now: NodeHasInsufficientMemory`, 'Normal', 'kubelet', hot);
  event(pressureFrom + 30, '', hot, 'Node', 'EvictionThresholdMet', 'Attempting to reclaim memory', 'Warning', 'kubelet', hot);
  event(notReadyFrom, '', hot, 'Node', 'NodeNotReady', `Node ${hot} status is now: NodeNotReady`, 'Normal', 'node-controller', hot);
  event(notReadyTo, '', hot, 'Node', 'NodeReady', `Node ${hot} status is now: NodeReady`, 'Normal', 'kubelet', hot);

  // Red herring: payments-api OOMKilled twice at its own 256Mi limit, on another node, no pressure there.
  const payments = pods.find((p) => p.ns === 'payments')!;
  const paymentsKills = [-62 * 60, -21 * 60];

  for (let s = -4 * 3600; s < 0; s += 300) {
    for (const pod of pods) {
      if (s < pod.startsAt) continue;
      let status = 'Running';
      let reason = '';
      let last = '';
      let podStatus = 'Running';
      if (pod === payments) {
        pod.restarts = paymentsKills.filter((k) => k <= s).length;
        if (pod.restarts > 0) last = 'OOMKilled';
      }
      if (pod.evictedAt !== null && s >= pod.evictedAt) {
        podStatus = 'Failed';
        status = 'Terminated';
        reason = 'Evicted';
      }
      b.add('KubePodInventory', s, { ClusterName: 'aks-data-weu', Computer: pod.node, Namespace: pod.ns, Name: pod.name, PodUid: pod.uid, PodStatus: podStatus, PodRestartCount: pod.restarts, ContainerName: `${pod.uid}/${pod.container}`, ContainerStatus: status, ContainerStatusReason: reason, ContainerLastStatus: last, ContainerRestartCount: pod.restarts, ControllerKind: 'ReplicaSet', ControllerName: pod.ctrl, _ResourceId: aksLower });
    }
  }
  for (const k of paymentsKills) {
    event(k, 'payments', payments.name, 'Pod', 'OOMKilling', `Memory cgroup out of memory: Killed process ${b.rng.int(2000, 9000)} (java) total-vm:${b.rng.int(2500000, 2700000)}kB, anon-rss:262144kB`, 'Warning', 'kernel-monitor', payments.node);
    event(k + 3, 'payments', payments.name, 'Pod', 'BackOff', `Back-off restarting failed container payments-api in pod ${payments.name}_payments(${payments.uid})`, 'Warning', 'kubelet', payments.node);
  }

  // Red herring: a reporting job that cannot pull its image, failing all day.
  for (let s = -4 * 3600 + 200; s < 0; s += 900) event(s, 'reporting', `weekly-report-28461180-${b.rng.hex(5)}`, 'Pod', 'Failed', 'Failed to pull image "crdata.azurecr.io/weekly-report:2.3.0": not found', 'Warning', 'kubelet', nodes[2]!);
  // Red herring: the node image upgrade of the pool, hours before (nodes were fine for hours after it).
  b.add('AzureActivity', -3 * 3600 - 900, { OperationNameValue: 'MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AGENTPOOLS/UPGRADENODEIMAGEVERSION/ACTION', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'aks-maintenance@contoso.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${aks}/agentPools/nodepool1`, message: 'Node image upgrade of nodepool1 to AKSUbuntu-2204gen2containerd-202602.10.0' }, _ResourceId: aksLower });

  // Background noise: application logs of the healthy workloads.
  for (let s = -4 * 3600; s < 0; s += 30) {
    const pod = b.rng.pick(pods.filter((p) => p.ns === 'shop' || p.ns === 'catalog'));
    b.add('ContainerLogV2', s, { Computer: pod.node, ContainerName: pod.container, PodName: pod.name, PodNamespace: pod.ns, LogSource: 'stdout', LogMessage: { level: 'info', msg: 'request finished', status: 200, ms: b.rng.int(8, 70) }, _ResourceId: aksLower });
  }
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'node_memory_working_set_percentage', unit: 'Percent', primaryAggregation: 'Average', dimensions: { node: hot }, minutes: 240, value: (ago) => (ago > 70 ? 58 : Math.min(97, 58 + (70 - ago) * 1.8)) + b.rng.next() * 2 });
  b.metric({ resourceId: aks, namespace: 'Microsoft.ContainerService/managedClusters', name: 'node_cpu_usage_percentage', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: () => 30 + b.rng.next() * 8 });
  b.resource({ id: aks, name: 'aks-data-weu', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope', properties: { kubernetesVersion: '1.29.7', provisioningState: 'Succeeded', powerState: { code: 'Running' }, agentPoolProfiles: [{ name: 'nodepool1', count: 3, vmSize: 'Standard_D4s_v5', mode: 'System' }], addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceRid } } } } });
  b.resource({ id: workspaceRid, name: 'law-data-platform', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const alert = metricAlert(
    b,
    { rule: 'aks-data-node-pressure', ruleType: 'metricAlerts', ruleGroup: rg, severity: 'Sev2', description: 'A node of aks-data-weu reports a pressure condition', targetId: aks, targetType: 'Microsoft.ContainerService/managedClusters', targetGroup: rg, configurationItem: 'aks-data-weu', firedAt: -44 * 60, properties: { owner: 'data-platform' } },
    { metricName: 'kube_node_status_condition', metricNamespace: 'Microsoft.ContainerService/managedClusters', operator: 'GreaterThan', threshold: 0, timeAggregation: 'Average', metricValue: 1, windowMinutes: 5, dimensions: [{ name: 'condition', value: 'MemoryPressure' }, { name: 'node', value: hot }] },
  );
  const manifest = {
    title: 'aks-data-weu node under MemoryPressure evicts pods of several namespaces',
    summary: 'feature-builder was scaled to 6 replicas; its pods request 512Mi but use about 3 GiB and four landed on one node, which reported MemoryPressure, evicted pods of ml, shop and catalog and went NotReady for four minutes. payments-api OOMKilled at its own limit, a node image upgrade and an image pull failure are red herrings.',
    workspaces: [{ name: 'law-data-platform', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'capacity_exhaustion',
    rootCause: `Node ${hot} ran out of memory (MemoryPressure): feature-builder was scaled from 2 to 6 replicas, its pods request 512Mi but use about 3 GiB each and four were scheduled on that node, so the kubelet evicted pods of ml, shop and catalog and the node went NotReady for four minutes.`,
    keyTerms: ['MemoryPressure', 'evicted', 'feature-builder'],
    requiredEvidence: [
      { description: 'The node reports MemoryPressure and is briefly NotReady', table: 'KubeNodeInventory', check: { kind: 'kql', query: `KubeNodeInventory | where Computer == '${hot}' and Status has 'MemoryPressure' | take 3` } },
      { description: 'The kubelet evicts pods of several namespaces, feature-builder far above its request', table: 'KubeEvents', check: { kind: 'kql', query: "KubeEvents | where Reason == 'Evicted' | summarize namespaces = dcount(Namespace), builder = countif(Message has 'feature-builder') | where namespaces >= 3 and builder > 0" } },
      { description: 'The node working set reaches its capacity', table: 'Perf', check: { kind: 'kql', query: `Perf | where ObjectName == 'K8SNode' and Computer == '${hot}' and CounterName == 'memoryWorkingSetBytes' and CounterValue > 15 * 1073741824 | take 1` } },
    ],
    redHerrings: [
      { description: 'payments-api OOMKilled twice at its own 256Mi limit on another node', blame: ['payments-api'] },
      { description: 'Node image upgrade of nodepool1 hours before; nodes were healthy after it', blame: ['node image', 'upgrade'] },
      { description: 'weekly-report job cannot pull its image (all day, unrelated)', blame: ['weekly-report', 'image pull', 'ImagePullBackOff'] },
    ],
    recommendedActions: ['Set feature-builder memory requests close to its real usage (about 3 GiB) with a limit, so the scheduler spreads it', 'Cordon the pressured node and scale nodepool1 out until feature-builder is fixed'],
  };
  return { manifest, alert, answer };
}

export { build };
