#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLocalStack } from './localStack';
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

/**
 * `npm start`: runs the app on the devhost. Starts Azurite from node_modules (data under
 * `.devhost/azurite`, telemetry off) unless `AzureWebJobsStorage` points at real storage, and
 * the telemetry emulator over `scenarios/` unless `TELEMETRY_WORKSPACES` is configured.
 */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const logger = createLogger();
  applyLocalSettings(options.appDir);
  const maxBodyBytes = process.env.DEVHOST_MAX_BODY_BYTES ? Number(process.env.DEVHOST_MAX_BODY_BYTES) : undefined;
  if (maxBodyBytes !== undefined && !(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new Error('DEVHOST_MAX_BODY_BYTES must be a positive integer');
  const requestTimeoutMs = process.env.DEVHOST_REQUEST_TIMEOUT_MS ? Number(process.env.DEVHOST_REQUEST_TIMEOUT_MS) : undefined;
  if (requestTimeoutMs !== undefined && !(Number.isInteger(requestTimeoutMs) && requestTimeoutMs > 0)) throw new Error('DEVHOST_REQUEST_TIMEOUT_MS must be a positive integer');
  const scenariosDir = join(options.appDir, 'scenarios');
  const emulatorWanted = !/^(off|false|0|no)$/i.test(process.env.DEVHOST_TELEMETRY_EMULATOR ?? '') && existsSync(scenariosDir);
  const stack = await startLocalStack({ appDir: options.appDir, port: options.port, logger, scenariosDir: emulatorWanted ? scenariosDir : undefined, maxBodyBytes, requestTimeoutMs });
  const { host } = stack;
  // Always printed, whatever DEVHOST_LOG_LEVEL says: scripts and tests wait for this line.
  createLogger(undefined, 'trace').log('information', 'devhost ready', { url: host.url, masterKey: host.keys.master, functionKey: host.keys.functionKeys[0] });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('information', `${signal} received, shutting down`);
    void (async () => {
      await stack.close();
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
