import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { globSync } from 'glob';
import { CoreApi, installCoreModule } from './coreModule';
import type { Logger } from './logger';

/** A Functions app loaded into this process, as the Node worker would load it. */
interface LoadedApp {
  core: CoreApi;
  appDir: string;
  files: string[];
  hostJson: Record<string, unknown>;
  /** Shared across hooks, as the worker's `appHookData`. */
  appHookData: Record<string, unknown>;
  /** The durable client binding's data, given to every function that declares the binding. */
  durableClientInput?: Record<string, unknown>;
}

/**
 * Loads the app in `appDir` the way the worker does (azure-functions-nodejs-worker
 * `src/startApp.ts`): installs `@azure/functions-core`, globs package.json `main`, requires
 * every file, runs `appStart` hooks and asks the programming model for its capabilities.
 */
async function loadApp(appDir: string, logger: Logger): Promise<LoadedApp> {
  const dir = resolve(appDir);
  const packageJson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string };
  if (!packageJson.main) throw new Error(`${join(dir, 'package.json')} has no "main": the host cannot find the functions to load`);
  const hostJson = readHostJson(dir);
  const core = new CoreApi(logger);
  installCoreModule(core);

  const files = globSync(packageJson.main, { cwd: dir, absolute: true, nodir: true }).sort();
  if (files.length === 0) throw new Error(`package.json "main" glob "${packageJson.main}" matched no files in ${dir}: did you run the build?`);
  for (const file of files) {
    require(file);
  }
  const appHookData: Record<string, unknown> = {};
  for (const hook of core.hooks.appStart) {
    await hook({ hookData: {}, appHookData, functionAppDirectory: dir });
  }
  if (!core.programmingModel) throw new Error(`no programming model was set by ${dir}: does it use @azure/functions v4?`);
  await core.programmingModel.getCapabilities({});
  logger.log('information', `loaded ${core.functions.size} functions from ${files.length} files`, {
    functions: [...core.functions.values()].map((f) => f.metadata.name),
  });
  return { core, appDir: dir, files, hostJson, appHookData };
}

function readHostJson(dir: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(dir, 'host.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return { version: '2.0' };
  }
}

/** Runs the app's `appTerminate` hooks (clean shutdown). */
async function terminateApp(app: LoadedApp): Promise<void> {
  for (const hook of app.core.hooks.appTerminate) {
    await hook({ hookData: {}, appHookData: app.appHookData });
  }
}

export { loadApp, terminateApp };
export type { LoadedApp };
