import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SecondRunComparison } from '../../../devhost/evaluation/secondRun';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

/** Runs the evaluation CLI in a child process (the app refuses to register functions under Jest). */
async function evalCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEVHOST_LOG_LEVEL: 'error' };
  delete env.ANTHROPIC_API_KEY;
  delete env.AzureWebJobsStorage;
  delete env.TELEMETRY_WORKSPACES;
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'evaluation', 'cli.js'), ...args], { cwd: repoRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, stdout, stderr };
}

describe('npm run eval -- --twice', () => {
  it('runs a scenario twice on the same storage: the second report was seen before and checks the cause the first confirmed first', async () => {
    // Act: scenario 07, whose confirmed cause (cold start) is not its plan's first hypothesis
    const { code, stdout, stderr } = await evalCli(['--only', '07', '--twice', '--json', '-', '--timeout', '120']);

    // Assess
    expect({ code, stderr: stderr.trim().split('\n').pop() }).toEqual({ code: 0, stderr: '2 passed, 0 failed' });
    const document = JSON.parse(stdout) as { route: string; results: Array<{ investigationId: string }>; secondRun: { results: Array<{ investigationId: string; passed: boolean }>; comparisons: SecondRunComparison[] } };
    expect(document.route).toBe('manual');
    const [comparison] = document.secondRun.comparisons;
    expect(comparison).toEqual({
      scenarioId: '07_cold_start_noise',
      firstInvestigationId: document.results[0]!.investigationId,
      secondInvestigationId: document.secondRun.results[0]!.investigationId,
      first: { elapsedMs: expect.any(Number), toolCalls: expect.any(Number), turns: 0 },
      second: { elapsedMs: expect.any(Number), toolCalls: expect.any(Number), turns: 0 },
      seenBefore: true,
      confirmedFirstTime: ['cold-start'],
      checkedFirst: true,
    });
    expect(comparison!.secondInvestigationId).not.toBe(comparison!.firstInvestigationId);
    expect(comparison!.second.toolCalls).toBeGreaterThan(0);
  }, 300_000);

  it('prints the second run against the first, and refuses the ingest route', async () => {
    // Act
    const printed = await evalCli(['--only', '07', '--twice', '--timeout', '120', '--json', join(mkdtempSync(join(tmpdir(), 'eval-twice-')), 'results.json')]);
    const refused = await evalCli(['--twice', '--route', 'ingest']);

    // Assess
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(
      /Second run against the first \(same storage\):\n07_cold_start_noise: time \d+\.\d s -> \d+\.\d s \([+-]\d+%\); tool calls \d+ -> \d+ \([+-]\d+%\); turns 0 -> 0; seen before: yes \(manual-[0-9a-f-]+\); previously confirmed cause checked first: yes \(cold-start\)\n/,
    );
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--twice fires through POST /api/investigations') });
  }, 300_000);
});
