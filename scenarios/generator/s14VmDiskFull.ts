/**
 * 14: erp-sync on the Linux VM vm-erp-app01 was left at debug log level; its logs fill the /var/log
 * volume until writes fail with "No space left on device". Red herrings: a CPU spike during the
 * nightly backup inside the window, an SSH password-guessing burst from the internet, and a Windows
 * jump box in the same workspace with its own (healthy) counters and events.
 */
import { logAlert } from './alerts';
import type { ScenarioBuilder } from './scenarioBuilder';

function build(b: ScenarioBuilder) {
  const rg = 'rg-erp-prod';
  const workspaceId = '4d6f8a0c-2e3b-4c5d-9f7a-1b3d5f7a9c46';
  const workspaceRid = b.rid(rg, 'Microsoft.OperationalInsights', 'workspaces', 'law-erp-prod');
  const vm = b.rid(rg, 'Microsoft.Compute', 'virtualMachines', 'vm-erp-app01');
  const jump = b.rid(rg, 'Microsoft.Compute', 'virtualMachines', 'vm-jump-01');
  const vmLower = vm.toLowerCase();
  const jumpLower = jump.toLowerCase();
  const fullAt = -26 * 60;
  const backupFrom = -64 * 60;
  const backupTo = -50 * 60;
  const agentId = b.rng.guid();

  // /var/log loses space steadily from debug logging until it is full; / stays healthy.
  const varLogFree = (t: number): number => (t >= fullAt ? 0.2 + b.rng.next() * 0.3 : Math.max(0.6, 41 * (fullAt - t) / (fullAt + 4 * 3600)));
  const perf = (computer: string, resourceId: string, ObjectName: string, CounterName: string, InstanceName: string, t: number, CounterValue: number) =>
    b.add('Perf', t, { Computer: computer, ObjectName, CounterName, InstanceName, CounterValue: Math.round(CounterValue * 100) / 100, CounterPath: `\\\\${computer}\\${ObjectName}(${InstanceName})\\${CounterName}`, _ResourceId: resourceId });
  for (let t = -4 * 3600; t < 0; t += 60) {
    const cpu = t >= backupFrom && t < backupTo ? 93 + b.rng.next() * 6 : 14 + b.rng.next() * 12;
    perf('vm-erp-app01', vmLower, 'Logical Disk', '% Free Space', '/var/log', t, varLogFree(t));
    perf('vm-erp-app01', vmLower, 'Logical Disk', '% Free Space', '/', t, 63 + b.rng.next());
    perf('vm-erp-app01', vmLower, 'Memory', '% Used Memory', 'Memory', t, 58 + b.rng.next() * 8);
    perf('vm-erp-app01', vmLower, 'Processor', '% Processor Time', '_Total', t, cpu);
    if (t % 300 === 0) {
      const tags = (mount: string, sizeMB: number) => JSON.stringify({ 'vm.azm.ms/mountId': mount, 'vm.azm.ms/diskSizeMB': sizeMB });
      b.add('InsightsMetrics', t, { Computer: 'vm-erp-app01', Origin: 'vm.azm.ms', Namespace: 'LogicalDisk', Name: 'FreeSpacePercentage', Val: Math.round(varLogFree(t) * 100) / 100, Tags: tags('/var/log', 32768), AgentId: agentId, _ResourceId: vmLower });
      b.add('InsightsMetrics', t, { Computer: 'vm-erp-app01', Origin: 'vm.azm.ms', Namespace: 'LogicalDisk', Name: 'FreeSpacePercentage', Val: 63, Tags: tags('/', 65536), AgentId: agentId, _ResourceId: vmLower });
      b.add('InsightsMetrics', t, { Computer: 'vm-erp-app01', Origin: 'vm.azm.ms', Namespace: 'Processor', Name: 'UtilizationPercentage', Val: Math.round(cpu * 100) / 100, Tags: JSON.stringify({ 'vm.azm.ms/totalCpus': 4 }), AgentId: agentId, _ResourceId: vmLower });
      // The Windows jump box: its own counters, all healthy.
      perf('vm-jump-01', jumpLower, 'LogicalDisk', '% Free Space', 'C:', t, 22 + b.rng.next());
      perf('vm-jump-01', jumpLower, 'Memory', '% Committed Bytes In Use', '', t, 41 + b.rng.next() * 5);
      perf('vm-jump-01', jumpLower, 'Processor', '% Processor Time', '_Total', t, 6 + b.rng.next() * 10);
    }
    b.add('Heartbeat', t + b.rng.next() * 5, { Computer: 'vm-erp-app01', Category: 'Azure Monitor Agent', OSType: 'Linux', Version: '1.33.1', ComputerIP: '10.40.1.4', ComputerEnvironment: 'Azure', ResourceGroup: rg, _ResourceId: vmLower });
    b.add('Heartbeat', t + b.rng.next() * 5, { Computer: 'vm-jump-01', Category: 'Azure Monitor Agent', OSType: 'Windows', Version: '1.30.0', ComputerIP: '10.40.9.4', ComputerEnvironment: 'Azure', ResourceGroup: rg, _ResourceId: jumpLower });
  }

  const syslog = (t: number, Facility: string, SeverityLevel: string, ProcessName: string, ProcessID: number, SyslogMessage: string) =>
    b.add('Syslog', t, { Computer: 'vm-erp-app01', HostName: 'vm-erp-app01', Facility, SeverityLevel, ProcessName, ProcessID, SyslogMessage, _ResourceId: vmLower });
  // Background: erp-sync batches, cron, systemd housekeeping; erp-sync logs at debug level all along.
  syslog(-4 * 3600 - 1, 'user', 'notice', 'erp-sync', 2211, 'log level set to DEBUG (ERP_SYNC_LOG_LEVEL=debug)');
  for (let t = -4 * 3600; t < fullAt; t += 120) syslog(t, 'user', 'info', 'erp-sync', 2211, `batch ${b.rng.int(40000, 49999)} synced: ${b.rng.int(200, 900)} documents in ${b.rng.int(900, 4200)} ms`);
  for (let t = -4 * 3600 + 17; t < 0; t += 600) syslog(t, 'cron', 'info', 'CRON', b.rng.int(30000, 39999), '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)');
  for (let t = -4 * 3600 + 300; t < 0; t += 1800) syslog(t, 'daemon', 'info', 'systemd', 1, 'Starting Daily apt download activities...');
  // The incident: writes fail once /var/log is full.
  for (let t = fullAt + 5; t < 0; t += b.rng.int(20, 45)) {
    if (b.rng.chance(0.7)) syslog(t, 'user', 'err', 'erp-sync', 2211, `failed to write batch journal /var/log/erp/journal-${b.rng.int(1000, 9999)}.dat: [Errno 28] No space left on device`);
    else syslog(t, 'syslog', 'err', 'rsyslogd', 812, "file '/var/log/syslog': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2112.0 try https://www.rsyslog.com/e/2027 ]");
  }
  // Red herring: the nightly backup drives CPU up for a quarter of an hour, then finishes.
  syslog(backupFrom, 'local0', 'info', 'erp-backup', 5120, 'nightly backup started: /srv/erp -> https://sterpbackup.blob.core.windows.net/erp');
  syslog(backupTo, 'local0', 'info', 'erp-backup', 5120, 'nightly backup finished: 412 files, 18.2 GiB, 846 s');
  // Red herring: password guessing on SSH from the internet, refused.
  for (let t = -55 * 60; t < -40 * 60; t += b.rng.int(4, 12)) syslog(t, 'authpriv', 'info', 'sshd', b.rng.int(40000, 49999), `Failed password for invalid user ${b.rng.pick(['admin', 'oracle', 'ubuntu', 'test', 'postgres'])} from 203.0.113.${b.rng.int(2, 250)} port ${b.rng.int(30000, 65000)} ssh2`);

  // Background: the agent extension was updated hours before (the workspace also keeps the activity log).
  b.add('AzureActivity', -3 * 3600 - 420, { OperationNameValue: 'MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE', ActivityStatusValue: 'Success', CategoryValue: 'Administrative', Level: 'Informational', Caller: 'azure-policy@contoso.com', ResourceGroup: rg, CorrelationId: b.rng.guid(), Properties_d: { entity: `${vm}/extensions/AzureMonitorLinuxAgent`, message: 'Microsoft.Compute/virtualMachines/extensions/write' }, _ResourceId: vmLower });

  // The Windows jump box logs its usual System events.
  for (let t = -4 * 3600 + 90; t < 0; t += 900) {
    b.add('Event', t, { Computer: 'vm-jump-01', EventLog: 'System', Source: 'Service Control Manager', EventID: 7036, EventLevel: 4, EventLevelName: 'Information', RenderedDescription: 'The Windows Modules Installer service entered the running state.', _ResourceId: jumpLower });
    b.add('Event', t + 120, { Computer: 'vm-jump-01', EventLog: 'System', Source: 'Service Control Manager', EventID: 7036, EventLevel: 4, EventLevelName: 'Information', RenderedDescription: 'The Windows Modules Installer service entered the stopped state.', _ResourceId: jumpLower });
  }
  b.add('Event', -90 * 60, { Computer: 'vm-jump-01', EventLog: 'System', Source: 'Microsoft-Windows-Time-Service', EventID: 129, EventLevel: 3, EventLevelName: 'Warning', RenderedDescription: 'NtpClient was unable to set a domain peer to use as a time source because of discovery error.', _ResourceId: jumpLower });

  b.metric({ resourceId: vm, namespace: 'Microsoft.Compute/virtualMachines', name: 'Percentage CPU', unit: 'Percent', primaryAggregation: 'Average', minutes: 240, value: (ago) => (ago <= 64 && ago > 50 ? 94 : 18) + b.rng.next() * 6 });
  b.metric({ resourceId: vm, namespace: 'Microsoft.Compute/virtualMachines', name: 'Available Memory Bytes', unit: 'Bytes', primaryAggregation: 'Average', minutes: 240, value: () => (6.4 + b.rng.next() * 0.4) * 1024 ** 3 });
  b.resource({ id: vm, name: 'vm-erp-app01', type: 'Microsoft.Compute/virtualMachines', location: 'westeurope', tags: { app: 'erp', team: 'erp-ops' }, properties: { hardwareProfile: { vmSize: 'Standard_D4s_v5' }, storageProfile: { osDisk: { osType: 'Linux', diskSizeGB: 64 }, dataDisks: [{ lun: 0, name: 'vm-erp-app01-varlog', diskSizeGB: 32 }] }, provisioningState: 'Succeeded' } });
  b.resource({ id: jump, name: 'vm-jump-01', type: 'Microsoft.Compute/virtualMachines', location: 'westeurope', tags: { role: 'jumpbox' }, properties: { hardwareProfile: { vmSize: 'Standard_B2s' }, storageProfile: { osDisk: { osType: 'Windows', diskSizeGB: 128 } }, provisioningState: 'Succeeded' } });
  b.resource({ id: workspaceRid, name: 'law-erp-prod', type: 'Microsoft.OperationalInsights/workspaces', location: 'westeurope', properties: { customerId: workspaceId } });

  const query = "Perf | where ObjectName == 'Logical Disk' and CounterName == '% Free Space' and CounterValue < 5 | summarize min(CounterValue) by Computer, InstanceName, _ResourceId";
  const alert = logAlert(
    b,
    { rule: 'vm-low-disk-space', ruleType: 'scheduledqueryrules', ruleGroup: rg, severity: 'Sev2', description: 'A volume of vm-erp-app01 has less than 5% free space', targetId: vm, targetType: 'Microsoft.Compute/virtualMachines', targetGroup: rg, configurationItem: 'vm-erp-app01', firedAt: -12 * 60, properties: { team: 'erp-ops' } },
    { workspaceId, query, threshold: 0, metricValue: 1, windowMinutes: 15, dimensions: [{ name: 'InstanceName', value: '/var/log' }, { name: '_ResourceId', value: vmLower }] },
  );
  const manifest = {
    title: 'vm-erp-app01 /var/log volume full: writes fail with "No space left on device"',
    summary: 'erp-sync has logged at debug level for hours and filled the /var/log volume; erp-sync and rsyslogd now fail to write. A backup CPU spike, SSH password guessing and a Windows jump box in the same workspace are red herrings.',
    workspaces: [{ name: 'law-erp-prod', workspaceId, resourceId: workspaceRid }],
  };
  const answer = {
    rootCauseCategory: 'capacity_exhaustion',
    rootCause: 'The /var/log volume of vm-erp-app01 is full: erp-sync has logged at debug level for hours and its logs used the remaining space; since then erp-sync and rsyslogd fail to write with "No space left on device".',
    keyTerms: ['/var/log', 'No space left on device'],
    requiredEvidence: [
      { description: 'Free space of /var/log falls to under 1%', table: 'Perf', check: { kind: 'kql', query: "Perf | where Computer == 'vm-erp-app01' and CounterName == '% Free Space' and InstanceName == '/var/log' and CounterValue < 1 | take 3" } },
      { description: 'Writes fail with "No space left on device"', table: 'Syslog', check: { kind: 'kql', query: "Syslog | where Computer == 'vm-erp-app01' and SyslogMessage has 'No space left on device' | take 3" } },
      { description: 'VM insights shows the same volume full', table: 'InsightsMetrics', check: { kind: 'kql', query: "InsightsMetrics | where Namespace == 'LogicalDisk' and Name == 'FreeSpacePercentage' and Val < 1 | take 1" } },
    ],
    redHerrings: [
      { description: 'CPU above 90% for a quarter of an hour during the nightly backup, which finished normally', blame: ['backup', 'CPU'] },
      { description: 'SSH password guessing from the internet, all refused', blame: ['sshd', 'failed password', 'brute force'] },
      { description: 'The Windows jump box vm-jump-01 in the same workspace, healthy', blame: ['vm-jump-01'] },
    ],
    recommendedActions: ['Free space on /var/log (compress or remove old erp-sync logs) and restart erp-sync and rsyslog', 'Set erp-sync back to info level and give /var/log/erp a logrotate policy; alert on free space below 15%'],
  };
  return { manifest, alert, answer };
}

export { build };
