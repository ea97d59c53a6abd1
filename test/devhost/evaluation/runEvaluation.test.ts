import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/**
 * The app runs inside the evaluation's process, and `@azure/functions` refuses to register
 * functions under Jest, so the evaluation runs as the real CLI in a child process.
 */
describe('npm run eval', () => {
  it('investigates scenarios through the ingest route, an alert storm among them, and scores every report and the grouping as passing', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = { ...process.env, DEVHOST_LOG_LEVEL: 'error' };
    delete env.ANTHROPIC_API_KEY;
    delete env.AzureWebJobsStorage;
    delete env.TELEMETRY_WORKSPACES;

    // Act
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'evaluation', 'cli.js'), '--only', '01,07,08,16', '--json', '-'], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));

    // Assess
    expect({ code, stderr: stderr.trim().split('\n').pop() }).toEqual({ code: 0, stderr: '4 passed, 0 failed' });
    const document = JSON.parse(stdout) as {
      engine: string;
      route: string;
      results: Array<{ scenarioId: string; planId: string; rootCauseCategory: string; passed: boolean; toolCalls: number; grouping: { alerts: number; investigations: string[]; passed: boolean } }>;
    };
    expect(document.engine).toBe('deterministic');
    expect(document.route).toBe('ingest');
    expect(document.results.map((r) => [r.scenarioId, r.planId, r.rootCauseCategory, r.passed])).toEqual([
      ['01_bad_deployment', 'http-5xx-after-deployment', 'bad_deployment', true],
      ['07_cold_start_noise', 'latency-slow-dependency', 'noise_cold_start', true],
      ['08_undetermined_ledger_resets', 'default', 'undetermined', true],
      ['16_alert_storm_oom', 'container-crash-loop-oom', 'oom_crash_loop', true],
    ]);
    // The storm's alerts all went through the ingest route and joined the first one's investigation.
    const storm = document.results.find((r) => r.scenarioId === '16_alert_storm_oom')!;
    expect(storm.grouping.alerts).toBeGreaterThan(1);
    expect(storm.grouping).toMatchObject({ investigations: [expect.any(String)], passed: true });
    expect(document.results.filter((r) => r.scenarioId !== '16_alert_storm_oom').every((r) => r.grouping.alerts === 1 && r.grouping.passed)).toBe(true);
    expect(document.results.every((r) => r.toolCalls > 0)).toBe(true);
    expect((document as unknown as { metrics: { meanGradedScore: number; passRate: number; brierScore: number } }).metrics).toMatchObject({ meanGradedScore: 100, passRate: 1, brierScore: expect.any(Number) });
  }, 60_000);
});
