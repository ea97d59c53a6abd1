#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { startAzurite, type AzuriteHandle } from './azurite';
import { startDevhost } from './host';
import { applyLocalSettings } from './localSettings';
import { createLogger } from './logger';

interface CliOptions {
  appDir: string;
  port: number;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { appDir: process.cwd(), port: Number(process.env.PORT ?? 7071) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--app') options.appDir = resolve(argv[++i] ?? '.');
    else if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: devhost [--app <dir with package.json>] [--port <port, 0 = any>]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`invalid port ${String(options.port)}`);
  return options;
}

/** True when storage should be the local Azurite this command starts. */
function wantsLocalAzurite(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^UseDevelopmentStorage=true$/i.test(value.trim());
}

/**
 * `npm start`: runs the app on the devhost. Starts Azurite from node_modules (data under
 * `.devhost/azurite`, telemetry off) unless `AzureWebJobsStorage` points at real storage.
 */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const logger = createLogger();
  applyLocalSettings(options.appDir);
  let azurite: AzuriteHandle | undefined;
  if (wantsLocalAzurite(process.env.AzureWebJobsStorage)) {
    azurite = await startAzurite({ location: join(options.appDir, '.devhost', 'azurite') });
    process.env.AzureWebJobsStorage = azurite.connectionString;
    logger.log('information', `Azurite started (blob ${azurite.blobPort}, queue ${azurite.queuePort}, table ${azurite.tablePort})`);
  }
  const maxBodyBytes = process.env.DEVHOST_MAX_BODY_BYTES ? Number(process.env.DEVHOST_MAX_BODY_BYTES) : undefined;
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new Error('DEVHOST_MAX_BODY_BYTES must be a positive integer');
  const host = await startDevhost({ appDir: options.appDir, port: options.port, storageConnectionString: process.env.AzureWebJobsStorage!, logger, maxBodyBytes });
  // Always printed, whatever DEVHOST_LOG_LEVEL says: scripts and tests wait for this line.
  createLogger(undefined, 'trace').log('information', 'devhost ready', { url: host.url, masterKey: host.keys.master, functionKey: host.keys.functionKeys[0] });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('information', `${signal} received, shutting down`);
    void (async () => {
      await host.close();
      await azurite?.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`devhost: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
