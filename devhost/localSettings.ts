import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Applies `local.settings.json` `Values` to the environment the way Core Tools does: variables
 * already set in the environment win. Returns the names it applied.
 */
function applyLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = join(appDir, 'local.settings.json');
  if (!existsSync(file)) return [];
  let parsed: { Values?: Record<string, unknown> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, unknown> };
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const applied: string[] = [];
  for (const [name, value] of Object.entries(parsed.Values ?? {})) {
    if (env[name] !== undefined || value === null || value === undefined) continue;
    env[name] = String(value);
    applied.push(name);
  }
  return applied;
}

export { applyLocalSettings };
