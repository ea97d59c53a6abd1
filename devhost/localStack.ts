import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAzurite, type AzuriteHandle } from './azurite';
import { startDevhost, type Devhost } from './host';
import { startTelemetryEmulator, type TelemetryEmulator } from './logAnalytics/server';
import type { Logger } from './logger';
import { validateKql } from '../shared/kql';
import { coreSettings } from '../shared/config/coreSettings';

/** Everything `npm start` and `npm run demo` run locally. */
interface LocalStack {
  host: Devhost;
  azurite: AzuriteHandle | undefined;
  emulator: TelemetryEmulator | undefined;
  close(): Promise<void>;
}

interface LocalStackOptions {
  appDir: string;
  port: number;
  logger: Logger;
  /** Folder of telemetry scenarios for the emulator; no emulator when undefined. */
  scenariosDir: string | undefined;
  env?: NodeJS.ProcessEnv;
  maxBodyBytes?: number;
  /** See `DevhostOptions.requestTimeoutMs`. */
  requestTimeoutMs?: number;
}

/** True when storage should be the local Azurite this command starts. */
function wantsLocalAzurite(value: string | undefined): boolean {
  return value === undefined || value.trim() === '' || /^UseDevelopmentStorage=true$/i.test(value.trim());
}

/**
 * The telemetry settings that point the app's tools at the emulator: every scenario workspace
 * and Application Insights component, Resource Graph over the scenarios' subscriptions, the
 * emulator's certificate, and the loopback-only `emulator` credential.
 */
function emulatorTelemetryEnv(emulator: TelemetryEmulator, caFile: string): Record<string, string> {
  const workspaces = emulator.scenarios.flatMap((s) => s.workspaces.map((w) => `${w.name}=${w.workspaceId}`));
  const components = emulator.scenarios.flatMap((s) => s.appInsights);
  const subscriptions = new Set(
    emulator.scenarios.flatMap((s) => s.resources.map((r) => /\/subscriptions\/([0-9a-f-]{36})/i.exec(r.id)?.[1]?.toLowerCase()).filter((id): id is string => Boolean(id))),
  );
  return {
    TELEMETRY_WORKSPACES: workspaces.join(','),
    TELEMETRY_WORKSPACE_RESOURCE_IDS: emulator.scenarios.flatMap((s) => s.workspaces.filter((w) => w.resourceId).map((w) => `${w.name}=${w.resourceId}`)).join(','),
    TELEMETRY_APP_INSIGHTS: components.map((c) => `${c.name}=${c.resourceId}`).join(','),
    TELEMETRY_APP_INSIGHTS_WORKSPACES: components.map((c) => `${c.name}=${c.workspace}`).join(','),
    TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: [...subscriptions].join(','),
    TELEMETRY_LOG_ANALYTICS_ENDPOINT: emulator.url,
    TELEMETRY_METRICS_ENDPOINT: emulator.url,
    TELEMETRY_ARM_ENDPOINT: emulator.url,
    TELEMETRY_EXTRA_CA_FILE: caFile,
    TELEMETRY_CREDENTIAL: 'emulator',
  };
}

/**
 * Settings the app's host.json names, given their documented defaults: host.json's
 * `%TASKHUB_NAME%` would otherwise resolve to nothing and the devhost fall back to Durable's
 * `TestHubName`, not the `IncidentResponder` docs/configuration.md states (Azure always gets it
 * from the Bicep).
 */
function applyLocalDefaults(env: NodeJS.ProcessEnv): void {
  if (!env.TASKHUB_NAME?.trim()) env.TASKHUB_NAME = coreSettings.specs.TASKHUB_NAME.default;
}

/**
 * Starts Azurite (unless `AzureWebJobsStorage` points at real storage), the telemetry emulator
 * with the bundled scenarios (unless `TELEMETRY_WORKSPACES` is configured, i.e. real Azure
 * telemetry), then the devhost with the app; settings it fills in go into `env`.
 */
async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const env = options.env ?? process.env;
  applyLocalDefaults(env);
  const stateDir = join(options.appDir, '.devhost');
  let azurite: AzuriteHandle | undefined;
  let emulator: TelemetryEmulator | undefined;
  // One certificate file per process: two stacks started from one folder must not share it.
  const caFile = join(stateDir, `telemetry-emulator-ca-${process.pid}.pem`);
  const stopAll = async (): Promise<void> => {
    await emulator?.close();
    await azurite?.stop();
    rmSync(caFile, { force: true });
  };
  try {
    if (wantsLocalAzurite(env.AzureWebJobsStorage)) {
      azurite = await startAzurite({ location: join(stateDir, 'azurite') });
      env.AzureWebJobsStorage = azurite.connectionString;
      options.logger.log('information', `Azurite started (blob ${azurite.blobPort}, queue ${azurite.queuePort}, table ${azurite.tablePort})`);
    }
    if (options.scenariosDir && !env.TELEMETRY_WORKSPACES) {
      emulator = await startTelemetryEmulator({ scenariosDir: options.scenariosDir });
      mkdirSync(stateDir, { recursive: true });
      // One file per process: two stacks started from the same folder (tests, eval beside the demo)
      // must not overwrite each other's certificate, or one of them cannot reach its emulator.
      writeFileSync(caFile, emulator.ca ?? '');
      Object.assign(env, emulatorTelemetryEnv(emulator, caFile));
      options.logger.log('information', `telemetry emulator at ${emulator.url} with ${emulator.scenarios.length} scenarios`);
      // Loading Microsoft's Kusto library blocks the process for seconds once; pay it before
      // "ready" rather than inside the first investigation (the app shares this process).
      const started = performance.now();
      validateKql('print warmup = 1', { tables: {} });
      options.logger.log('information', `Kusto language service loaded in ${Math.round(performance.now() - started)} ms`);
    }
    const host = await startDevhost({ appDir: options.appDir, port: options.port, storageConnectionString: env.AzureWebJobsStorage!, logger: options.logger, maxBodyBytes: options.maxBodyBytes, requestTimeoutMs: options.requestTimeoutMs, env });
    return {
      host,
      azurite,
      emulator,
      close: async () => {
        await host.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export { startLocalStack, emulatorTelemetryEnv, wantsLocalAzurite, applyLocalDefaults };
export type { LocalStack, LocalStackOptions };
