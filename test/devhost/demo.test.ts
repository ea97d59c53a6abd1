import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listScenarios } from '../../devhost/logAnalytics/data/scenarioLoader';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** The bundled scenarios and whether each has a cause to find (an answer other than undetermined). */
const scenarios = listScenarios(join(repoRoot, 'scenarios')).map((s) => ({
  id: s.id,
  undetermined: (parseYaml(readFileSync(join(s.dir, 'answer.yaml'), 'utf8')) as { rootCauseCategory: string }).rootCauseCategory === 'undetermined',
}));
const undetermined = scenarios.filter((s) => s.undetermined).length;

describe('npm run demo --once', () => {
  it('investigates every bundled scenario, prints a report summary for each, writes the Teams card and note write-back would send, and exits 0', async () => {
    // Prepare: the demo's own in-memory Azurite and emulator; no model
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_once: 'true', DEVHOST_LOG_LEVEL: 'error' };
    delete env.ANTHROPIC_API_KEY;
    delete env.AzureWebJobsStorage;
    delete env.TELEMETRY_WORKSPACES;

    // Act
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'demo.js'), '--port', '0'], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));

    // Assess
    expect({ code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(stdout).toMatch(/No model is used/);
    const summaries = stdout.match(/^== \d\d_[a-z_]+: /gm) ?? [];
    expect(summaries).toHaveLength(scenarios.length);
    // Every scenario with a cause names one, the undetermined ones say so, and the run of the
    // scheduled health check finds release 2.5.0's errors.
    expect(stdout.match(/^ {3}root cause {2}(?!undetermined)\S/gm)).toHaveLength(scenarios.length - undetermined + 1);
    expect(stdout.match(/^ {3}root cause {2}undetermined$/gm) ?? []).toHaveLength(undetermined);
    expect(stdout.match(/^ {3}full report http:\/\/127\.0\.0\.1:\d+\/api\/investigations\/[^/]+\/report\.md\?code=/gm)).toHaveLength(scenarios.length + 1);
    expect(stdout).toMatch(/^== scheduled task shop-daily-health, run now as task-shop-daily-health-\d{14}-now: problem$/m);
    expect(stdout).toMatch(/^ {3}supported {3}More than 2% of requests fail with a server error: Version 2\.5\.0 fails/m);
    expect(stdout).toMatch(/investigations {2}http:\/\/127\.0\.0\.1:\d+\/api\/investigations\?code=/);
    expect(stdout).toMatch(/health {10}http:\/\/127\.0\.0\.1:\d+\/api\/health/);
    expect(stdout).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/api\/dashboard\/\?code=\S+/m);
    expect(stdout).toMatch(/dashboard {7}http:\/\/127\.0\.0\.1:\d+\/api\/dashboard\/\?code=/);
    // and, per report, the Teams card and the note write-back would send, written for this run
    const reports = [...stdout.matchAll(/^ {2}(\d\d_[a-z_]+) +http:\/\/[^ ]+\/api\/investigations\/([^/]+)\/report\.md/gm)].map((m) => ({ id: m[1]!, investigationId: decodeURIComponent(m[2]!) }));
    expect(reports.map((r) => r.id).sort()).toEqual(scenarios.map((s) => s.id).sort());
    for (const { id, investigationId } of reports) {
      const dir = join(repoRoot, '.devhost', 'demo', id);
      expect(stdout).toContain(`   teams card  ${join('.devhost', 'demo', id, 'teams-card.json')}`);
      const card = JSON.parse(readFileSync(join(dir, 'teams-card.json'), 'utf8')) as { type: string; attachments: Array<{ contentType: string; content: { type: string; version: string } }> };
      expect(card.type).toBe('message');
      expect(card.attachments).toHaveLength(1);
      expect(card.attachments[0]!).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } });
      expect(Number(card.attachments[0]!.content.version)).toBeLessThanOrEqual(1.5);
      expect(JSON.stringify(card)).toContain(investigationId);
      expect(readFileSync(join(dir, 'teams-card.md'), 'utf8')).toMatch(/^<!-- Adaptive Card 1\.\d, \d+ bytes as sent -->/);
      const note = readFileSync(join(dir, 'pagerduty-note.txt'), 'utf8');
      expect(note).toMatch(/^\[incident-responder\] Investigation report: /);
      expect(note).toContain(`/api/dashboard/investigations/${encodeURIComponent(investigationId)}`);
      expect(note).toMatch(/\n-- ref:[0-9a-f]{12}\n$/);
    }
    expect(stdout).toMatch(/^The Teams card 01_[a-z_]+ would post/m);
    expect(stdout).toMatch(/^ {3}\| ## .+/m);
  }, 300_000);
});
