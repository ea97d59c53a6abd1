import { executeKql, type KqlTable } from '../../../devhost/logAnalytics/kql';
import type { HypothesisVerdict } from '../../../shared/agent/verdict';
import { bundledPlansDirectory, loadPlans } from '../../../shared/plans/loadPlans';
import { DirectoryPlanSource } from '../../../shared/plans/planSource';
import type { ToolResult } from '../../../shared/tools/tool';
import { TABLE_COLUMNS, type TableName } from '../../../scenarios/generator/tables';
import { runHypothesisStages } from '../../helpers/runHypothesisStages';

const NOW = new Date('2026-03-04T12:00:00Z');
const ago = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();

/** Rows of one table, given as records keyed by column name (missing columns are empty). */
type Data = Partial<Record<TableName, Array<Record<string, unknown>>>>;

function database(data: Data): { tables: Map<string, KqlTable> } {
  const tables = new Map<string, KqlTable>();
  for (const [name, records] of Object.entries(data) as Array<[TableName, Array<Record<string, unknown>>]>) {
    const columns = TABLE_COLUMNS[name].map(([column, type]) => ({ name: column, type }));
    tables.set(name, { name, columns, rows: records.map((record) => columns.map((c) => record[c.name] ?? (c.type === 'string' ? '' : null))) });
  }
  return { tables };
}

/**
 * Runs one bundled hypothesis the way deterministic mode does: its checks rendered for a one-hour
 * window, each query executed over `data` by the telemetry emulator's KQL engine (a table the data
 * lacks fails like a workspace without it), then its verdict rules.
 */
async function verdictOf(planId: string, hypothesisId: string, data: Data): Promise<HypothesisVerdict> {
  const { plans } = await loadPlans(new DirectoryPlanSource(bundledPlansDirectory()));
  const hypothesis = plans.find((p) => p.id === planId)?.hypotheses.find((h) => h.id === hypothesisId);
  if (!hypothesis) throw new Error(`no hypothesis ${planId}/${hypothesisId}`);
  const context = { targets: { workspace: 'law-test' }, window: { start: ago(60), end: NOW.toISOString(), timespan: 'PT1H' } };
  const db = database(data);
  const run = await runHypothesisStages(hypothesis, context, (check): ToolResult => {
    const query = String(check.arguments.query);
    const base = { schemaVersion: 1 as const, tool: check.tool, invocation: query, durationMs: 1 };
    try {
      const table = executeKql(query, db, { now: NOW }).tables[0]!;
      return { ...base, status: table.rows.length > 0 ? 'success' : 'no_data', data: { tables: [table], totalRows: table.rows.length }, summary: `${table.rows.length} rows` };
    } catch (error) {
      return { ...base, status: 'error', error: { code: 'QueryError', message: (error as Error).message }, summary: 'failed' };
    }
  });
  return run.verdict;
}

const every = (minutes: number, from: number, to: number): number[] => Array.from({ length: Math.floor((from - to) / minutes) + 1 }, (_, i) => from - i * minutes);

describe('functions-host-errors tells a host that cannot start from functions that time out', () => {
  const executed = (minutesAgo: number, name: string, outcome: 'Succeeded' | 'Failed') => ({ TimeGenerated: ago(minutesAgo), AppName: 'func-a', FunctionName: name, Level: outcome === 'Failed' ? 'Error' : 'Information', Message: `Executed 'Functions.${name}' (${outcome}, Id=1, Duration=30ms)` });
  const hostDown: Data = {
    FunctionAppLogs: [
      ...every(1, 59, 41).map((m) => executed(m, 'Ingest', 'Succeeded')),
      ...every(2, 38, 1).map((m) => ({ TimeGenerated: ago(m), AppName: 'func-a', Level: 'Error', Message: "A host error has occurred during startup operation 'x'.", ExceptionType: 'System.InvalidOperationException', ExceptionMessage: "Storage account connection string 'AzureWebJobsStorage' does not exist." })),
    ],
    AzureActivity: [{ TimeGenerated: ago(40), OperationNameValue: 'MICROSOFT.WEB/SITES/CONFIG/WRITE', ActivityStatusValue: 'Success', Caller: 'terraform' }],
  };
  const timingOut: Data = {
    FunctionAppLogs: [
      ...every(1, 59, 1).map((m) => executed(m, 'Ingest', 'Succeeded')),
      ...every(5, 55, 5).flatMap((m) => [
        { TimeGenerated: ago(m), AppName: 'func-a', FunctionName: 'Export', Level: 'Error', Message: "Timeout value of 00:05:00 exceeded by function 'Functions.Export' (Id: '1'). Initiating cancellation.", ExceptionType: 'Microsoft.Azure.WebJobs.Host.FunctionTimeoutException' },
        executed(m, 'Export', 'Failed'),
      ]),
    ],
    AzureActivity: [],
  };

  it('supports the startup failure and refutes timeouts when the host runs nothing', async () => {
    // Act
    const startup = await verdictOf('functions-host-errors', 'host-startup-failure', hostDown);
    const timeout = await verdictOf('functions-host-errors', 'function-timeout', hostDown);

    // Assess
    expect(startup).toMatchObject({ verdict: 'supported', confidence: 0.9 });
    expect(startup.summary).toContain('AzureWebJobsStorage');
    expect(timeout.verdict).toBe('refuted');
  });

  it('gives the opposite verdicts when the host runs and one function keeps timing out', async () => {
    // Act
    const startup = await verdictOf('functions-host-errors', 'host-startup-failure', timingOut);
    const timeout = await verdictOf('functions-host-errors', 'function-timeout', timingOut);

    // Assess
    expect(startup.verdict).toBe('refuted');
    expect(timeout.verdict).toBe('supported');
    expect(timeout.summary).toContain('Export exceeded its function timeout 11 times');
  });
});

describe('aks-node-pressure tells node pressure from one workload over its own limit and from a failing node', () => {
  const nodes = ['node-0', 'node-1'];
  const inventory = (status: (node: string, minutesAgo: number) => string) => every(1, 59, 0).flatMap((m) => nodes.map((node) => ({ TimeGenerated: ago(m), ClusterName: 'aks', Computer: node, Status: status(node, m) })));
  const evicted = (minutesAgo: number, namespace: string) => ({ TimeGenerated: ago(minutesAgo), Computer: 'node-1', Namespace: namespace, Name: `${namespace}-pod`, Reason: 'Evicted', Message: 'The node was low on resource: memory.', Count: 1 });
  const pod = (minutesAgo: number, controller: string, restarts: number, last: string) => ({ TimeGenerated: ago(minutesAgo), Computer: 'node-0', Namespace: 'shop', Name: `${controller}-1`, ControllerName: controller, ContainerLastStatus: last, ContainerRestartCount: restarts });
  const nodePressure: Data = {
    KubeNodeInventory: inventory((node, m) => (node === 'node-1' && m < 30 ? 'MemoryPressure,Ready' : 'Ready')),
    KubeEvents: [evicted(25, 'ml'), evicted(20, 'shop'), evicted(15, 'catalog')],
    KubePodInventory: [pod(40, 'api', 0, ''), pod(10, 'api', 1, 'OOMKilled')],
    Perf: [],
  };
  const workloadLimit: Data = {
    KubeNodeInventory: inventory(() => 'Ready'),
    KubeEvents: [],
    KubePodInventory: every(10, 50, 0).map((m, i) => pod(m, 'worker', i, i > 0 ? 'OOMKilled' : '')),
    Perf: [],
  };
  const failingNode: Data = { ...workloadLimit, KubeNodeInventory: inventory((node, m) => (node === 'node-0' && m < 10 ? '' : 'Ready')), KubePodInventory: [] };

  it('supports node pressure and refutes the workload limit when several namespaces are evicted from a pressured node', async () => {
    // Act
    const pressure = await verdictOf('aks-node-pressure', 'node-pressure', nodePressure);
    const limit = await verdictOf('aks-node-pressure', 'workload-limit', nodePressure);
    const notReady = await verdictOf('aks-node-pressure', 'node-not-ready', nodePressure);

    // Assess
    expect(pressure).toMatchObject({ verdict: 'supported', confidence: 0.85 });
    expect(pressure.summary).toContain('evicted 3 pods in 3 namespaces');
    expect(limit.verdict).toBe('refuted');
    expect(notReady.verdict).toBe('refuted');
  });

  it('gives the opposite verdicts when one controller is OOMKilled repeatedly on healthy nodes', async () => {
    // Act
    const pressure = await verdictOf('aks-node-pressure', 'node-pressure', workloadLimit);
    const limit = await verdictOf('aks-node-pressure', 'workload-limit', workloadLimit);

    // Assess
    expect(pressure.verdict).toBe('refuted');
    expect(limit).toMatchObject({ verdict: 'supported', confidence: 0.85 });
    expect(limit.summary).toContain('worker in shop was OOMKilled at its own limit (5 restarts');
  });

  it('supports a failing node when it is NotReady without any pressure condition', async () => {
    // Act
    const notReady = await verdictOf('aks-node-pressure', 'node-not-ready', failingNode);
    const pressure = await verdictOf('aks-node-pressure', 'node-pressure', failingNode);

    // Assess
    expect(notReady.verdict).toBe('supported');
    expect(notReady.summary).toContain('node-0 was NotReady');
    expect(pressure.verdict).toBe('refuted');
  });
});

describe('vm-resource-exhaustion tells a full disk from saturated CPU', () => {
  const counters = (freePercent: (m: number) => number, cpu: (m: number) => number): Data => ({
    Perf: every(1, 59, 0).flatMap((m) => [
      { TimeGenerated: ago(m), Computer: 'vm-1', ObjectName: 'Logical Disk', CounterName: '% Free Space', InstanceName: '/data', CounterValue: freePercent(m) },
      { TimeGenerated: ago(m), Computer: 'vm-1', ObjectName: 'Processor', CounterName: '% Processor Time', InstanceName: '_Total', CounterValue: cpu(m) },
    ]),
    InsightsMetrics: [],
    Syslog: [],
    Event: [],
  });
  const diskFull: Data = {
    ...counters((m) => Math.max(0.5, m / 2), (m) => (m > 50 ? 97 : 20)),
    Syslog: [{ TimeGenerated: ago(5), Computer: 'vm-1', ProcessName: 'app', SyslogMessage: 'write failed: No space left on device' }],
  };
  const cpuBound = counters(() => 48, () => 96);

  it('supports the full disk and refutes CPU saturation when only a short CPU spike happened', async () => {
    // Act
    const disk = await verdictOf('vm-resource-exhaustion', 'disk-full', diskFull);
    const cpu = await verdictOf('vm-resource-exhaustion', 'cpu-saturation', diskFull);

    // Assess
    expect(disk).toMatchObject({ verdict: 'supported', confidence: 0.9 });
    expect(disk.summary).toContain('Volume /data on vm-1 fell to 0.5% free');
    expect(cpu.verdict).toBe('refuted');
  });

  it('gives the opposite verdicts when the CPU stays saturated and the disk keeps room', async () => {
    // Act
    const disk = await verdictOf('vm-resource-exhaustion', 'disk-full', cpuBound);
    const cpu = await verdictOf('vm-resource-exhaustion', 'cpu-saturation', cpuBound);

    // Assess
    expect(disk.verdict).toBe('refuted');
    expect(cpu.verdict).toBe('supported');
    expect(cpu.summary).toContain('at or above 90% in 100% of the samples');
  });
});
