import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type AzuriteHandle } from '../azurite';
import type { LoadedScenario } from '../logAnalytics/data/scenarioLoader';
import { startLocalStack, wantsLocalAzurite, type LocalStack } from '../localStack';
import type { Logger } from '../logger';

/** The local stack the evaluation and the demo drive, with what a client needs to reach it. */
interface EvaluationStack {
  /** Devhost origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A function key (query `code` / header `x-functions-key`) for the app's function-level routes. */
  functionKey: string;
  masterKey: string;
  /** Scenarios as the telemetry emulator loaded them: alerts re-anchored to "now". */
  scenarios: readonly LoadedScenario[];
  stack: LocalStack;
  close(): Promise<void>;
}

interface EvaluationStackOptions {
  appDir: string;
  scenariosDir: string;
  logger: Logger;
  /** Devhost port; 0 (default) lets the OS choose. */
  port?: number;
  /** Environment the app reads its settings from (it runs in this process). @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Keep local state between runs: use `.devhost/azurite` (as `npm start` does) instead of a fresh
   * in-memory Azurite. Off by default, so a rerun investigates again rather than finding its
   * alerts already seen. Storage configured to anything but `UseDevelopmentStorage=true` is
   * always used as it is.
   */
  reuseStorage?: boolean;
}

/**
 * Starts a fresh, in-memory Azurite unless told to reuse local state (so every run starts with no
 * incidents, dedupe records or task hub history: a second run must not find its alerts already
 * "seen", even when local.settings.json says `UseDevelopmentStorage=true`), the telemetry
 * emulator over the scenarios and the devhost with the app. An investigation that finished its
 * report counts as done unless `INVESTIGATION_MONITOR_MINUTES` is set explicitly.
 */
async function startEvaluationStack(options: EvaluationStackOptions): Promise<EvaluationStack> {
  const env = options.env ?? process.env;
  env.INVESTIGATION_MONITOR_MINUTES ??= '0';
  let azurite: AzuriteHandle | undefined;
  const location = mkdtempSync(join(tmpdir(), 'eval-azurite-'));
  const removeLocation = (): void => rmSync(location, { recursive: true, force: true });
  if (wantsLocalAzurite(env.AzureWebJobsStorage) && !options.reuseStorage) {
    azurite = await startAzurite({ location, inMemory: true });
    env.AzureWebJobsStorage = azurite.connectionString;
  }
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ appDir: options.appDir, port: options.port ?? 0, logger: options.logger, scenariosDir: options.scenariosDir, env });
  } catch (error) {
    await azurite?.stop();
    removeLocation();
    throw error;
  }
  if (!stack.emulator) {
    await stack.close();
    await azurite?.stop();
    removeLocation();
    throw new Error('the telemetry emulator did not start: unset TELEMETRY_WORKSPACES to run the bundled scenarios');
  }
  const functionKey = stack.host.keys.functionKeys[0];
  if (!functionKey) throw new Error('the devhost has no function key');
  return {
    url: stack.host.url,
    functionKey,
    masterKey: stack.host.keys.master,
    scenarios: stack.emulator.scenarios,
    stack,
    close: async () => {
      await stack.close();
      await azurite?.stop();
      removeLocation();
    },
  };
}

export { startEvaluationStack };
export type { EvaluationStack, EvaluationStackOptions };
