import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseHookFile, type HookConfig } from './hooks/hookConfig';
import type { ImportNote } from './hooks/azureSreHookShapes';
import { azureSrePlanKind } from '../plans/azureSre/azureSrePlanFile';
import { parsePlanFileWithNotes } from '../plans/parsePlanFile';
import { runCli } from '../config/runCli';

/**
 * `npm run recipes:import <dir>`: reads an Azure SRE Agent configuration folder (recipes, labs,
 * exported agent configs) and prints, per YAML file, what loads here (hooks; workflow templates
 * and agent files as response plans), what is ignored and why, and what cannot be expressed.
 * Other files are named with where their counterpart is documented. Nothing is written; exit
 * code 1 when a hook, template or agent file is invalid.
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
  if (/agent/i.test(kind) || 'system_prompt' in spec || 'instructions' in spec) return 'agent without instructions: nothing to map';
  return `not a hook file${kind ? ` (kind ${kind})` : ''}`;
}

function describeNotes(notes: ReadonlyArray<ImportNote>): string[] {
  return notes.map((note) => `  ${note.kind === 'unsupported' ? 'cannot map ' : note.kind.padEnd(11)}  ${note.where}: ${note.detail}`);
}

/** A workflow template or agent file as the plan it becomes here. */
function describePlan(path: string, text: string, siblings: ReadonlyMap<string, string>): string[] {
  const { plan, notes } = parsePlanFileWithNotes(path, text, siblings);
  const match = plan.trigger === 'manual' ? 'started by id only' : `match ${JSON.stringify(plan.match)}`;
  return [
    `  mapped       plan '${plan.id}' (${match}, mode ${plan.mode}), ${plan.hypotheses.length} hypothesis(es): ${plan.hypotheses.map((h) => h.id).join(', ')}`,
    `  mapped       allowedTools ${plan.allowedTools.join(', ') || '(none)'}; rules ${plan.rules.map((r) => (r.allow ? `allow ${r.allow}` : r.ask ? `ask ${r.ask}` : `deny ${r.deny}`)).join(', ') || '(none)'}`,
    ...describeNotes(notes),
  ];
}

function describeHooks(hooks: HookConfig): string[] {
  const lines: string[] = [];
  for (const event of ['PreToolUse', 'PostToolUse', 'Stop'] as const) {
    for (const hook of hooks[event]) {
      const matcher = event === 'Stop' ? '' : ` matcher '${hook.matcher ?? ''}'`;
      lines.push(`  mapped       ${event} ${hook.type} hook '${hook.name}'${matcher}, failMode ${hook.failMode ?? (hook.type === 'prompt' ? 'block (default)' : 'allow (default)')}`);
    }
  }
  lines.push(...describeNotes(hooks.notes ?? []));
  return lines;
}

async function configFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.sort((a, b) => a.name.localeCompare(b.name)).map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : configFiles(path);
      return /\.(ya?ml|md)$/i.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/** The report for every YAML file under `dir`, and how many hook files failed to load. */
async function importRecipes(dir: string): Promise<{ report: string; failures: number }> {
  const lines: string[] = [];
  let failures = 0;
  const paths = await configFiles(dir);
  const siblings = new Map(await Promise.all(paths.map(async (path) => [relative(dir, path), await readFile(path, 'utf8')] as const)));
  for (const path of paths.filter((p) => /\.ya?ml$/i.test(p))) {
    const name = relative(dir, path);
    const text = siblings.get(name)!;
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      doc = undefined;
    }
    const planKind = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? azureSrePlanKind(doc as Record<string, unknown>) : undefined;
    const other = doc === undefined || planKind ? undefined : otherFileKind(doc);
    if (other) {
      lines.push(`${name}: skipped (${other})`);
      continue;
    }
    try {
      if (planKind) {
        lines.push(`${name}: ${planKind} → response plan`, ...describePlan(name, text, siblings));
        const spec = (doc as { spec?: { hooks?: unknown } }).spec;
        if (spec?.hooks === undefined) continue;
      }
      const hooks = parseHookFile(name, text, dirname(path));
      lines.push(`${name}: ${hooks.PreToolUse.length + hooks.PostToolUse.length + hooks.Stop.length} hook(s)`, ...describeHooks(hooks));
    } catch (error) {
      failures++;
      lines.push(`${name}: INVALID ${(error as Error).message}`);
    }
  }
  if (lines.length === 0) lines.push(`no YAML files under ${dir}`);
  lines.push(failures === 0 ? 'every hook, template and agent file loads' : `${failures} file(s) cannot be loaded`);
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
