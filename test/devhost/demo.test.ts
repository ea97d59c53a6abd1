import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..', '..');

describe('npm run demo --once', () => {
  it('investigates every bundled scenario, prints a report summary for each and exits 0', async () => {
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
    expect(summaries).toHaveLength(7);
    expect(stdout.match(/^ {3}root cause {2}(?!undetermined)\S/gm)).toHaveLength(7);
    expect(stdout.match(/^ {3}full report http:\/\/127\.0\.0\.1:\d+\/api\/investigations\/[^/]+\/report\.md\?code=/gm)).toHaveLength(7);
    expect(stdout).toMatch(/investigations {2}http:\/\/127\.0\.0\.1:\d+\/api\/investigations\?code=/);
    expect(stdout).toMatch(/health {10}http:\/\/127\.0\.0\.1:\d+\/api\/health/);
  }, 90_000);
});
