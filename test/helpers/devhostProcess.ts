import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** Repository root, from the compiled location `dist/test/helpers`. */
const repoRoot = resolve(__dirname, '..', '..', '..');

/** A devhost running as a real child process, driven only through its HTTP surface. */
interface DevhostProcess {
  url: string;
  masterKey: string;
  functionKey: string;
  taskHub: string;
  recordDir: string;
  child: ChildProcess;
  /** Every JSON log line the host printed. */
  logs: Array<Record<string, unknown>>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit (a crash). */
  kill(): Promise<void>;
}

interface DevhostProcessOptions {
  /** `.` for the product app, or a folder under `test/` with package.json and host.json whose compiled functions sit beside them in dist. */
  app?: string;
  /** Reuse a task hub (restart tests); a fresh unique one by default. */
  taskHub?: string;
  /** Reuse a record folder (restart tests). */
  recordDir?: string;
  env?: Record<string, string>;
  /** How long to wait for "devhost ready" (default 90 s: on a loaded 2-core machine a start can take over 30 s; it is a ceiling, not a timing). */
  readyTimeoutMs?: number;
  /** Called with the child process as soon as it is spawned, before it is ready (a kill test may need it then). */
  onSpawn?: (child: ChildProcess) => void;
}

/** Copies the app's package.json and host.json next to its compiled functions and returns that folder. */
function prepareApp(app: string): string {
  // The product app is the repository itself: package.json "main" already points into dist.
  if (app === '.') return repoRoot;
  const source = join(repoRoot, app);
  const target = join(repoRoot, 'dist', app);
  for (const file of ['package.json', 'host.json']) copyFileSync(join(source, file), join(target, file));
  return target;
}

/** Starts `dist/devhost/cli.js` on an OS-chosen port against the test run's Azurite. */
async function startDevhostProcess(options: DevhostProcessOptions = {}): Promise<DevhostProcess> {
  const storage = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!storage) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: is the Jest globalSetup running?');
  const appDir = prepareApp(options.app ?? 'test/devhost/sampleApp');
  const taskHub = options.taskHub ?? `t${randomBytes(6).toString('hex')}`;
  const recordDir = options.recordDir ?? mkdtempSync(join(tmpdir(), 'devhost-record-'));
  const masterKey = randomBytes(16).toString('hex');
  const functionKey = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'cli.js'), '--app', appDir, '--port', '0'], {
    env: {
      ...process.env,
      AzureWebJobsStorage: storage,
      TASKHUB_NAME: taskHub,
      DEVHOST_MASTER_KEY: masterKey,
      DEVHOST_FUNCTION_KEYS: functionKey,
      DEVHOST_LOG_LEVEL: 'debug',
      SAMPLE_RECORD_DIR: recordDir,
      // The telemetry emulator loads every scenario; tests that need it turn it on.
      DEVHOST_TELEMETRY_EMULATOR: 'off',
      // Its own incident memory, like its own task hub: investigations of other tests are not recalled.
      MEMORY_TABLE: `Memory${taskHub}`,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
    const timer = setTimeout(() => reject(new Error(`devhost did not start in ${readyTimeoutMs / 1000} s:\n${stderr.join('\n')}`)), readyTimeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.message === 'devhost ready') {
        clearTimeout(timer);
        resolveUrl(String(entry.url));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`devhost exited with ${code} before it was ready:\n${stderr.join('\n')}`));
    });
  });
  return {
    url,
    masterKey,
    functionKey,
    taskHub,
    recordDir,
    child,
    logs,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

export { startDevhostProcess, eventually, repoRoot };
export type { DevhostProcess };
