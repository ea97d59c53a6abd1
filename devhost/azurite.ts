import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The well-known Azurite development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A running Azurite and the connection string that reaches it. */
interface AzuriteHandle {
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

interface AzuriteOptions {
  /** Folder for Azurite's data (created if missing). */
  location: string;
  /** Ports to listen on; 0 (the default) lets the OS choose, which tests must use. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** How long to wait for all three services to listen. @default 30000 */
  startTimeoutMs?: number;
  /** Keep data in memory only (Azurite `--inMemoryPersistence`): faster, gone when Azurite stops. */
  inMemory?: boolean;
}

/** Builds the connection string for Azurite's development account on the given ports. */
function azuriteConnectionString(blobPort: number, queuePort: number, tablePort: number, host = '127.0.0.1'): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `BlobEndpoint=http://${host}:${blobPort}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${queuePort}/${DEV_ACCOUNT}`,
    `TableEndpoint=http://${host}:${tablePort}/${DEV_ACCOUNT}`,
  ].join(';');
}

/**
 * Starts Azurite from node_modules (telemetry off) and resolves once blob, queue and table
 * services print the ports they listen on.
 */
async function startAzurite(options: AzuriteOptions): Promise<AzuriteHandle> {
  if (!options.inMemory) mkdirSync(options.location, { recursive: true });
  const bin = require.resolve('azurite/dist/src/azurite.js');
  const args = [
    bin,
    // Azurite refuses --location together with --inMemoryPersistence.
    ...(options.inMemory ? [] : ['--location', options.location]),
    '--blobPort', String(options.blobPort ?? 0),
    '--queuePort', String(options.queuePort ?? 0),
    '--tablePort', String(options.tablePort ?? 0),
    '--disableTelemetry',
    // No access log: a line per request costs Azurite and this process CPU under load.
    '--silent',
    '--skipApiVersionCheck',
    '--loose',
    ...(options.inMemory ? ['--inMemoryPersistence'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ports: Record<string, number> = {};
  // Start-up output, for the error when Azurite fails to start. The pipes are still read after
  // that (a full pipe would stall Azurite), but nothing more is kept.
  const output: string[] = [];
  let starting = true;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 30000} ms:\n${output.join('\n')}`)),
      options.startTimeoutMs ?? 30000,
    );
    const onLine = (line: string): void => {
      if (!starting) return;
      output.push(line);
      const match = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/[^:]+:(\d+)/.exec(line);
      if (match) ports[match[1]!] = Number(match[2]);
      if (ports.Blob && ports.Queue && ports.Table) {
        clearTimeout(timer);
        resolve();
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (starting) output.push(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before it was ready:\n${output.join('\n')}`));
    });
  });
  try {
    await ready;
  } finally {
    starting = false;
  }
  child.removeAllListeners('exit');
  const { Blob: blobPort, Queue: queuePort, Table: tablePort } = ports as { Blob: number; Queue: number; Table: number };
  return {
    connectionString: azuriteConnectionString(blobPort, queuePort, tablePort),
    blobPort,
    queuePort,
    tablePort,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export { startAzurite, azuriteConnectionString };
export type { AzuriteHandle, AzuriteOptions };
