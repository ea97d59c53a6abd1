/**
 * `node dist/devhost/logAnalytics/cli.js [--port N] [--scenarios DIR] [--only id,id] [--data DIR]
 * [--clock system|recorded|<ISO instant>] [--ca-out FILE]` starts the telemetry emulator beside
 * Azurite and prints its URL (and writes the TLS certificate to trust, so an app process can pass
 * it as `tlsOptions.ca`). `--data` loads one scenario folder, e.g. exported data; `--clock` pins
 * the clock so its absolute times load as recorded (see data/emulatorClock.ts).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { startTelemetryEmulator, type TelemetryEmulator } from './server';
import { telemetryEmulatorSettings } from './telemetryEmulatorSettings';
import { parseEmulatorClock, type EmulatorClock } from './data/emulatorClock';

/** Parsed command line. */
interface TelemetryEmulatorCliOptions {
  port: number;
  scenariosDir: string;
  scenarioIds: string[] | undefined;
  dataDir: string | undefined;
  /** False when only `--data` was given: then that folder alone is served. */
  loadScenarios: boolean;
  clock: EmulatorClock;
  caOut: string | undefined;
}

function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): TelemetryEmulatorCliOptions {
  const settings = telemetryEmulatorSettings.load(env);
  const options: TelemetryEmulatorCliOptions = {
    port: settings.TELEMETRY_EMULATOR_PORT,
    scenariosDir: settings.TELEMETRY_EMULATOR_SCENARIOS_DIR,
    scenarioIds: settings.TELEMETRY_EMULATOR_SCENARIOS,
    dataDir: undefined,
    loadScenarios: true,
    clock: settings.TELEMETRY_EMULATOR_CLOCK,
    caOut: undefined,
  };
  let scenariosChosen = settings.TELEMETRY_EMULATOR_SCENARIOS !== undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--port':
        options.port = Number(value);
        i++;
        break;
      case '--scenarios':
        options.scenariosDir = value ?? options.scenariosDir;
        scenariosChosen = true;
        i++;
        break;
      case '--only':
        options.scenarioIds = value?.split(',').map((s) => s.trim()).filter(Boolean);
        scenariosChosen = true;
        i++;
        break;
      case '--data':
        options.dataDir = value;
        i++;
        break;
      case '--clock':
        options.clock = parseEmulatorClock(value ?? '');
        i++;
        break;
      case '--ca-out':
        options.caOut = value;
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (use --port, --scenarios, --only, --data, --clock, --ca-out)`);
    }
  }
  options.loadScenarios = !options.dataDir || scenariosChosen;
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port must be 0-65535');
  return options;
}

/**
 * Starts the emulator from command-line arguments and environment; prints one line with the URL.
 * Returns the running emulator so a caller (npm script, devhost) can close it.
 */
async function createTelemetryEmulatorCli(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<TelemetryEmulator> {
  const options = parseArgs(argv, env);
  const emulator = await startTelemetryEmulator({
    ...(options.loadScenarios ? { scenariosDir: resolve(options.scenariosDir) } : {}),
    ...(options.scenarioIds ? { scenarioIds: options.scenarioIds } : {}),
    ...(options.dataDir ? { dataDir: resolve(options.dataDir) } : {}),
    clock: options.clock,
    port: options.port,
    log: (line) => process.stderr.write(`[telemetry-emulator] ${line}\n`),
  });
  if (options.caOut && emulator.ca) writeFileSync(options.caOut, emulator.ca);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, logsEndpoint: emulator.logsEndpoint, scenarios: emulator.scenarios.map((s) => ({ id: s.id, workspaces: s.workspaces.map((w) => w.workspaceId) })), clock: options.clock.kind, now: emulator.now().toISOString(), caFile: options.caOut ?? null })}\n`);
  return emulator;
}

/** Entry point: runs until SIGINT / SIGTERM. */
async function main(): Promise<void> {
  const emulator = await createTelemetryEmulatorCli();
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`[telemetry-emulator] ${(error as Error).message}\n`);
    process.exit(1);
  });
}

export { createTelemetryEmulatorCli, main };
