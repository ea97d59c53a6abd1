import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../errors';
import { readConfigText } from '../configFile';
import { NO_HOOKS, parseHookFile, type HookConfig } from './hookConfig';

const YAML_FILE = /\.ya?ml$/i;

/** Hooks of several files, in order, as one configuration (commands run in `baseDir`). */
function mergeHookConfigs(source: string, baseDir: string, configs: ReadonlyArray<HookConfig>): HookConfig {
  const merged: HookConfig = { ...NO_HOOKS, baseDir, source, notes: [] };
  for (const config of configs) {
    merged.PreToolUse = [...merged.PreToolUse, ...config.PreToolUse];
    merged.PostToolUse = [...merged.PostToolUse, ...config.PostToolUse];
    merged.Stop = [...merged.Stop, ...config.Stop];
    merged.notes = [...(merged.notes ?? []), ...(config.notes ?? [])];
  }
  return merged;
}

/**
 * Reads GOVERNANCE_HOOKS_FILE: one hooks file, or a folder of them (`*.yaml`, `*.yml`, sorted by
 * name; Azure SRE Agent keeps one HookV2 hook per file). Every file is validated; the first bad
 * one fails the load with its file and line.
 *
 * @param path absolute path of the file or folder.
 * @param label how messages name it (the setting's value).
 * @throws ConfigError
 */
async function readHookPath(path: string, label: string): Promise<HookConfig> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ConfigError(label, `cannot read the hooks file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (!isFolder) return parseHookFile(label, await readConfigText(path, 'hooks'), dirname(path));
  const names = (await readdir(path)).filter((name) => YAML_FILE.test(name)).sort();
  const configs: HookConfig[] = [];
  for (const name of names) configs.push(parseHookFile(join(label, name), await readConfigText(join(path, name), 'hooks'), path));
  return mergeHookConfigs(label, path, configs);
}

export { readHookPath };
