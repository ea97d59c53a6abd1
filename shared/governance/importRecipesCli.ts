import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseHookFile, type HookConfig } from './hooks/hookConfig';
import { runCli } from '../config/runCli';

/**
 * `npm run recipes:import <dir>`: reads an Azure SRE Agent configuration folder (recipes, labs,
 * exported agent configs) and prints, per YAML file, what loads here as hooks (mapped), what is
 * ignored and why, and what cannot be expressed. Files that are not hooks are named with where
 * their counterpart is documented. Nothing is written; exit code 1 when a hook file is invalid.
 */

/** What a non-hook Azure SRE Agent file is, and where its counterpart is documented; undefined for hook files. */
function otherFileKind(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a YAML mapping';
  const record = doc as Record<string, unknown>;
  const spec = (typeof record.spec === 'object' && record.spec !== null ? record.spec : {}) as Record<string, unknown>;
  if (record.kind === 'HookV2' || record.kind === 'ExtendedAgent' || 'hooks' in record || 'hooks' in spec || 'hook' in spec || 'eventType' in spec || 'event_type' in spec) return undefined;
  if ('schedule' in spec) return 'scheduled task: see docs/tasks.md';
  const kind = typeof record.kind === 'string' ? record.kind : '';
  if (/connector|mcp/i.test(kind) || 'mcp' in spec || 'transport' in spec) return 'connector: see docs/mcp.md';
  if (/agent/i.test(kind) || 'system_prompt' in spec || 'instructions' in spec) return 'subagent without hooks: not mapped yet';
  return `not a hook file${kind ? ` (kind ${kind})` : ''}`;
}

function describeHooks(hooks: HookConfig): string[] {
  const lines: string[] = [];
  for (const event of ['PreToolUse', 'PostToolUse', 'Stop'] as const) {
    for (const hook of hooks[event]) {
      const matcher = event === 'Stop' ? '' : ` matcher '${hook.matcher ?? ''}'`;
      lines.push(`  mapped       ${event} ${hook.type} hook '${hook.name}'${matcher}, failMode ${hook.failMode ?? (hook.type === 'prompt' ? 'block (default)' : 'allow (default)')}`);
    }
  }
  for (const note of hooks.notes ?? []) lines.push(`  ${note.kind === 'unsupported' ? 'cannot map ' : note.kind.padEnd(11)}  ${note.where}: ${note.detail}`);
  return lines;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.sort((a, b) => a.name.localeCompare(b.name)).map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : yamlFiles(path);
      return /\.ya?ml$/i.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/** The report for every YAML file under `dir`, and how many hook files failed to load. */
async function importRecipes(dir: string): Promise<{ report: string; failures: number }> {
  const lines: string[] = [];
  let failures = 0;
  for (const path of await yamlFiles(dir)) {
    const name = relative(dir, path);
    const text = await readFile(path, 'utf8');
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      doc = undefined;
    }
    const other = doc === undefined ? undefined : otherFileKind(doc);
    if (other) {
      lines.push(`${name}: skipped (${other})`);
      continue;
    }
    try {
      const hooks = parseHookFile(name, text, dirname(path));
      lines.push(`${name}: ${hooks.PreToolUse.length + hooks.PostToolUse.length + hooks.Stop.length} hook(s)`, ...describeHooks(hooks));
    } catch (error) {
      failures++;
      lines.push(`${name}: INVALID ${(error as Error).message}`);
    }
  }
  if (lines.length === 0) lines.push(`no YAML files under ${dir}`);
  lines.push(failures === 0 ? 'every hook file loads' : `${failures} hook file(s) cannot be loaded`);
  return { report: `${lines.join('\n')}\n`, failures };
}

async function main(argv: ReadonlyArray<string>): Promise<number> {
  if (argv.length !== 1) {
    process.stderr.write('usage: npm run recipes:import <dir>\n');
    return 2;
  }
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const { report, failures } = await importRecipes(resolve(process.env.INIT_CWD ?? process.cwd(), argv[0]!));
  process.stdout.write(report);
  return failures === 0 ? 0 : 1;
}

runCli(module, 'recipes:import', main);

export { importRecipes, main as importRecipesMain };
