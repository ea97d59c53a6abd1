import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkEvidence } from '../../../../devhost/logAnalytics/data/checkEvidence';
import { listScenarios, loadScenario, loadScenarioFromDir } from '../../../../devhost/logAnalytics/data/scenarioLoader';
import { TelemetryStore } from '../../../../devhost/logAnalytics/data/telemetryStore';
import { SCENARIOS_DIR } from '../emulatorClients';

const now = new Date('2026-05-01T10:00:00Z');

describe('Scenario loader', () => {
  let workDir: string;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'scenario-loader-'));
  });

  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  function copyScenario(id: string): string {
    const target = join(workDir, id);
    cpSync(join(SCENARIOS_DIR, id), target, { recursive: true });
    return target;
  }

  it('lists the bundled scenarios in id order', () => {
    // Act
    const ids = listScenarios(SCENARIOS_DIR).map((s) => s.id);

    // Assess
    expect(ids).toEqual([
      '01_bad_deployment',
      '02_connection_pool_exhaustion',
      '03_certificate_expiry',
      '04_oom_crash_loop',
      '05_slow_dependency',
      '06_vpn_tunnel_down',
      '07_cold_start_noise',
      '08_undetermined_ledger_resets',
      '09_storage_throttling',
      '10_private_dns_link_deleted',
      '11_service_bus_poison_messages',
      '12_functions_host_startup',
      '13_aks_node_memory_pressure',
      '14_vm_disk_full',
    ]);
  });

  it.each(listScenarios(SCENARIOS_DIR).map((s) => s.id))('loads %s with a common-schema alert fired just before now', (id) => {
    // Act
    const scenario = loadScenario(SCENARIOS_DIR, id, now);

    // Assess
    const alert = JSON.parse(JSON.stringify(scenario.alert)) as { schemaId: string; data: { essentials: { firedDateTime: string; monitorCondition: string } } };
    expect(alert.schemaId).toBe('azureMonitorCommonAlertSchema');
    expect(alert.data.essentials.monitorCondition).toBe('Fired');
    const firedAgo = now.getTime() - Date.parse(alert.data.essentials.firedDateTime);
    expect(firedAgo).toBeGreaterThan(0);
    expect(firedAgo).toBeLessThan(60 * 60_000);
    const rows = scenario.workspaces.flatMap((w) => [...w.tables.values()]).reduce((sum, t) => sum + t.rows.length, 0);
    expect(rows).toBeGreaterThan(1000);
    expect(scenario.answer.requiredEvidence.length).toBeGreaterThan(0);
  });

  it.each(listScenarios(SCENARIOS_DIR).map((s) => s.id))('proves every answer-key evidence item of %s with a non-empty result', (id) => {
    // Prepare
    const scenario = loadScenario(SCENARIOS_DIR, id, now);
    const store = new TelemetryStore([scenario]);

    // Act
    const results = checkEvidence(scenario, store, now);

    // Assess
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });

  it('resolves relative times against the load time and exposes the workspace schema', () => {
    // Act
    const scenario = loadScenario(SCENARIOS_DIR, '06_vpn_tunnel_down', now);

    // Assess
    const workspace = scenario.workspaces[0]!;
    expect(workspace.schema.tables['AzureDiagnostics']).toMatchObject({ TimeGenerated: 'datetime', status_s: 'string', Type: 'string' });
    const times = workspace.tables.get('Heartbeat')!.rows.map((row) => Date.parse(row[0] as string));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 4 * 3_600_000);
  });

  it('names the file and line of a row with a wrong type', () => {
    // Prepare
    const dir = copyScenario('06_vpn_tunnel_down');
    const file = join(dir, 'tables', 'Heartbeat.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/^\["[^"]*"/, '["yesterday"');
    writeFileSync(file, lines.join('\n'));

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/Heartbeat\.jsonl:4: column TimeGenerated \(datetime\)/);
  });

  it('names the file and line of a row with the wrong number of values', () => {
    // Prepare
    const dir = copyScenario('06_vpn_tunnel_down');
    const file = join(dir, 'tables', 'Heartbeat.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = '["@-5m", "onprem-sql01"]';
    writeFileSync(file, lines.join('\n'));

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/Heartbeat\.jsonl:3: a row must be a JSON array of 9 values/);
  });

  it('names the metrics file and line of an invalid series', () => {
    // Prepare
    const dir = copyScenario('06_vpn_tunnel_down');
    const file = join(dir, 'metrics.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"grain":"PT1M"', '"grain":"1 minute"');
    writeFileSync(file, lines.join('\n'));

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/metrics\.jsonl:2: grain/);
  });

  it('rejects an answer key with a root cause outside the taxonomy', () => {
    // Prepare
    const dir = copyScenario('06_vpn_tunnel_down');
    const file = join(dir, 'answer.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('rootCauseCategory: vpn_tunnel_down', 'rootCauseCategory: gremlins'));

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/answer\.yaml: rootCauseCategory/);
  });
});
