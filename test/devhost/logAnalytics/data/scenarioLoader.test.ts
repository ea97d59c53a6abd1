import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

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

  it('lists every bundled scenario folder, in id order, each manifest naming its own folder', () => {
    // Prepare
    const folders = readdirSync(SCENARIOS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && /^\d\d_/.test(d.name)).map((d) => d.name).sort();

    // Act
    const listed = listScenarios(SCENARIOS_DIR);

    // Assess
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((s) => s.id)).toEqual(folders);
    expect(listed.map((s) => basename(s.dir))).toEqual(folders);
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

  it('loads a scenario that fires several alerts: each re-anchored, in sending order, the first being the graded alert', () => {
    // Prepare: the alert storm's folder, with a second copy of its first alert sent three seconds later
    const dir = copyScenario('16_alert_storm_oom');
    const manifestFile = join(dir, 'scenario.yaml');
    writeFileSync(join(dir, 'alerts', 'extra.json'), readFileSync(join(dir, 'alerts', '01.json'), 'utf8'));
    writeFileSync(manifestFile, readFileSync(manifestFile, 'utf8').replace(/^alerts:\n/m, 'alerts:\n  - file: alerts/extra.json\n    afterSeconds: 3\n'));

    // Act
    const scenario = loadScenarioFromDir(dir, now);

    // Assess
    expect(scenario.alerts[0]).toMatchObject({ file: 'alerts/extra.json', afterSeconds: 3 });
    expect(scenario.alert).toBe(scenario.alerts[0]!.payload);
    expect(scenario.alerts.length).toBeGreaterThan(2);
    for (const alert of scenario.alerts) {
      const firedAgo = now.getTime() - Date.parse((alert.payload as { data: { essentials: { firedDateTime: string } } }).data.essentials.firedDateTime);
      expect(firedAgo).toBeGreaterThan(0);
      expect(firedAgo).toBeLessThan(60 * 60_000);
    }
  });

  it('refuses a manifest that names both alert and alerts', () => {
    // Prepare
    const dir = copyScenario('16_alert_storm_oom');
    const manifestFile = join(dir, 'scenario.yaml');
    writeFileSync(manifestFile, `${readFileSync(manifestFile, 'utf8')}alert: alerts/01.json\n`);

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/scenario\.yaml: alerts: give either alert or alerts, not both/);
  });

  it('refuses an answer key that would rule out its own cause', () => {
    // Prepare
    const dir = copyScenario('06_vpn_tunnel_down');
    const file = join(dir, 'answer.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}ruledOut:\n  - category: vpn_tunnel_down\n    description: contradiction\n`);

    // Act
    const act = () => loadScenarioFromDir(dir, now);

    // Assess
    expect(act).toThrow(/answer\.yaml: ruledOut\.0\.category: cannot rule out vpn_tunnel_down/);
  });
});
