import { settingsCatalog } from '../config/catalog';
import { ConfigError } from '../errors';
import { investigationSettings } from '../investigation/investigationSettings';
import { governanceConfig } from '../investigation/governance';
import { getPlans } from '../investigation/planRegistry';
import { loadMcpConfig } from '../mcp/mcpRegistry';

/**
 * Everything that can be wrong before the first alert arrives, checked at startup: every plan
 * (bundled and overrides) against its schema, the governance rules and hooks files, the MCP
 * servers file, and every
 * settings group that is at least partly configured (a group nobody configured is an integration
 * that is simply off). Returns one line per problem, naming the file, field or setting.
 */
async function validateConfiguration(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const problems: string[] = [];
  for (const group of settingsCatalog) {
    const touched = Object.keys(group.specs).some((name) => (env[name] ?? '').trim() !== '');
    if (!touched && group.group !== 'core') continue;
    try {
      group.load(env);
    } catch (error) {
      problems.push(`settings ${group.group}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const checks: Array<[string, () => Promise<unknown>]> = [
    ['plans', () => getPlans(investigationSettings.load(env), env)],
    ['governance', () => governanceConfig(env)],
    ['mcp', () => loadMcpConfig(env)],
  ];
  for (const [what, check] of checks) {
    try {
      await check();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

/** Throws one ConfigError listing every problem, so the host refuses to start with all of them named. */
async function assertValidConfiguration(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const problems = await validateConfiguration(env);
  if (problems.length > 0) throw new ConfigError('startup', `the configuration is invalid:\n- ${problems.join('\n- ')}`);
}

export { validateConfiguration, assertValidConfiguration };
