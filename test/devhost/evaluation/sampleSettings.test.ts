import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..', '..', '..');

interface EvalDocument {
  engine: string;
  results: Array<{ scenarioId: string; planId: string; engine: string; rootCauseCategory: string; confidence: number; passed: boolean; toolCalls: number; error: string | null }>;
}

/** A fresh checkout of the app as a user has it: the repository's files, with the build and node_modules linked in. */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sample-settings-'));
  for (const entry of ['package.json', 'host.json', 'dist', 'node_modules', 'plans', 'scenarios', 'config', 'knowledge', 'local.settings.sample.json']) {
    symlinkSync(join(repoRoot, entry), join(dir, entry));
  }
  return dir;
}

/** `npm run eval -- --only 01 --json -` in `appDir`, with an environment holding none of the test run's settings. */
async function evaluate(appDir: string): Promise<EvalDocument> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DEVHOST_LOG_LEVEL: 'error' };
  const child = spawn(process.execPath, [join(appDir, 'dist', 'devhost', 'evaluation', 'cli.js'), '--app', appDir, '--only', '01', '--json', '-'], { cwd: appDir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`eval exited ${String(code)}: ${stderr.slice(-2000)}\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout) as EvalDocument;
}

const outcome = (document: EvalDocument): unknown =>
  document.results.map((r) => ({ scenarioId: r.scenarioId, planId: r.planId, engine: r.engine, rootCauseCategory: r.rootCauseCategory, confidence: r.confidence, passed: r.passed, toolCalls: r.toolCalls, error: r.error }));

describe('copying local.settings.sample.json to local.settings.json, as the README says', () => {
  it('changes nothing about the evaluation, which still runs on fresh storage', async () => {
    // Prepare: a fresh clone, evaluated once without local.settings.json
    const appDir = freshClone();
    try {
      const before = await evaluate(appDir);

      // Act: copy the sample as the README says, evaluate again
      copyFileSync(join(appDir, 'local.settings.sample.json'), join(appDir, 'local.settings.json'));
      const after = await evaluate(appDir);

      // Assess: the same result as without the file, in deterministic mode, on fresh storage (state
      // kept in .devhost/azurite would make a rerun find its alert already seen and replay it)
      expect(before.engine).toBe('deterministic');
      expect(outcome(before)).toEqual([expect.objectContaining({ scenarioId: '01_bad_deployment', passed: true })]);
      expect(after.engine).toBe('deterministic');
      expect(outcome(after)).toEqual(outcome(before));
      expect(existsSync(join(appDir, '.devhost', 'azurite'))).toBe(false);
    } finally {
      rmSync(appDir, { recursive: true, force: true });
    }
  }, 180_000);
});
