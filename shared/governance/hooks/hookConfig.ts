import { z } from 'zod';
import { ConfigError } from '../../errors';
import { parseLocatedYaml, validateLocated, type LocatedYaml } from '../configFile';
import { normalizeHookDocument, where, type HookEntry, type ImportNote } from './azureSreHookShapes';
import { matcherMatchesTool, unmatchedToolProblem } from './toolAliases';

/** Events a hook can attach to (names as in Azure SRE Agent and Claude Code). */
const hookEventSchema = z.enum(['PreToolUse', 'PostToolUse', 'Stop']);

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const failModeSchema = z.enum(['allow', 'block']);

const hookBase = {
  /** Shown in audit records and block reasons; defaults to `<event>#<index>`. */
  name: z.string().min(1).optional(),
  /**
   * Regex over tool names, anchored as `^(matcher)$`, case-sensitive; `*` matches every tool,
   * empty matches none (Azure SRE Agent semantics). Ignored for Stop hooks.
   */
  matcher: z
    .string()
    .refine((source) => source === '*' || compiles(`^(${source})$`), 'matcher is not a valid regular expression')
    .optional(),
  /** Seconds before the hook is stopped and its fail mode applies. @default 30 */
  timeout: z.number().int().min(1).max(3600).default(30),
  /**
   * What a hook that errors, hangs or answers off-format means: `allow` the call (or report) or
   * `block` it. Default: `block` for prompt hooks (a judge that cannot answer must not wave a
   * report through), `allow` for command hooks. See {@link failModeOf}.
   */
  failMode: failModeSchema.optional(),
};

/** A hook that runs an executable with the event as JSON on stdin. */
const commandHookSchema = z
  .object({
    type: z.literal('command'),
    ...hookBase,
    /** Inline shell command run with `/bin/sh -c` in the hooks file's folder (pipelines work), as in Azure SRE Agent. */
    command: z.string().min(1).optional(),
    /** Inline script with a shebang (`#!/bin/bash`, `#!/usr/bin/env node`); written to a private temp file. */
    script: z.string().min(1).max(65536).optional(),
    /** Extra environment for the hook; secrets as `${env:NAME}`. The app's own settings are never passed. */
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  })
  .strict()
  .refine((hook) => (hook.command === undefined) !== (hook.script === undefined), { message: 'a command hook has exactly one of command or script' });

/** A hook judged by a model: `prompt` with `$ARGUMENTS` where the event JSON goes. */
const promptHookSchema = z
  .object({
    type: z.literal('prompt'),
    ...hookBase,
    prompt: z.string().min(1),
    /** Model id (`claude-...`); defaults to ANTHROPIC_HOOK_MODEL. Azure SRE Agent scenario names are mapped at load (see {@link MODEL_ALIASES}). */
    model: z.string().min(1).optional(),
    /**
     * Stop only: after this many rejections the report is accepted anyway (1-25, default 3). As in
     * Azure SRE Agent it applies to prompt Stop hooks only, and when several prompt hooks set it
     * the largest value is used; a command Stop hook keeps blocking.
     */
    maxRejections: z.number().int().min(1).max(25).optional(),
  })
  .strict();

const hookSchema = z.discriminatedUnion('type', [commandHookSchema, promptHookSchema]);

type HookEvent = z.infer<typeof hookEventSchema>;
type FailMode = z.infer<typeof failModeSchema>;
type CommandHook = z.infer<typeof commandHookSchema>;
type PromptHook = z.infer<typeof promptHookSchema>;
type HookDefinition = z.infer<typeof hookSchema>;

/** Parsed hooks, with the folder their relative command paths start from. */
interface HookConfig {
  /** Folder relative `command` paths are resolved against. */
  baseDir: string;
  /** File they were read from, for messages and the configuration-load audit record. */
  source: string;
  PreToolUse: HookDefinition[];
  PostToolUse: HookDefinition[];
  Stop: HookDefinition[];
  /** What loading mapped, ignored or could not express (Azure SRE Agent files); warnings at startup. */
  notes?: ImportNote[];
}

/** No hooks at all (the default when no hooks file is configured). */
const NO_HOOKS: HookConfig = { baseDir: '.', source: '(none)', PreToolUse: [], PostToolUse: [], Stop: [], notes: [] };

/**
 * Azure SRE Agent model scenario names (agent-hooks.md: `model` is a "scenario name or
 * deployment name", default `ReasoningFast`) and the setting whose model they run on here
 * (ANTHROPIC_HOOK_MODEL is the hook default, so the hook's `model` is dropped). Any other name
 * that is not a Claude model id fails at load.
 */
const MODEL_ALIASES: Readonly<Record<string, string>> = {
  ReasoningFast: 'ANTHROPIC_HOOK_MODEL',
};

function lineError(located: LocatedYaml, path: ReadonlyArray<string | number>, message: string): ConfigError {
  const line = located.lineOf(path);
  return new ConfigError(line ? `${located.file}:${line}` : located.file, `${path.map(String).join('.')}: ${message}`);
}

/** Validates one normalized hook; errors name the line of its original position. */
function validateEntry(located: LocatedYaml, entry: HookEntry, notes: ImportNote[]): { event: HookEvent; hook: HookDefinition } {
  const event = hookEventSchema.safeParse(entry.event);
  if (!event.success) throw lineError(located, entry.path.slice(0, -1), `unknown hook event '${entry.event}' (PreToolUse, PostToolUse or Stop)`);
  const raw = { ...entry.hook };
  const at = (field: string): string => where(located, [...entry.path, field]);
  if (raw.type === 'command' && raw.maxRejections !== undefined) {
    notes.push({ kind: 'ignored', where: at('maxRejections'), detail: 'maxRejections applies to prompt Stop hooks only (Azure SRE Agent); this command hook keeps blocking' });
    delete raw.maxRejections;
  }
  if (raw.type === 'prompt' && typeof raw.model === 'string' && !raw.model.startsWith('claude-')) {
    const setting = MODEL_ALIASES[raw.model];
    if (!setting) throw lineError(located, [...entry.path, 'model'], `model '${raw.model}' is neither a Claude model id nor a known Azure SRE Agent model name (${Object.keys(MODEL_ALIASES).join(', ')})`);
    notes.push({ kind: 'mapped', where: at('model'), detail: `${raw.model} runs on the model of ${setting}` });
    delete raw.model;
  }
  const parsed = hookSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [...entry.path, ...(issue.path as Array<string | number>)];
    if (issue.code === 'unrecognized_keys') throw lineError(located, [...path, issue.keys[0]!], 'unknown field (neither ours nor a known Azure SRE Agent field)');
    throw lineError(located, path, issue.message);
  }
  const hook = parsed.data;
  // Azure SRE Agent: "Tool matcher is required for PostToolUse hooks"; without one a tool hook would never fire.
  if (event.data !== 'Stop' && hook.matcher === undefined) throw lineError(located, entry.path, `matcher is required for ${event.data} hooks (use "*" for every tool)`);
  if (event.data !== 'Stop') {
    const problem = unmatchedToolProblem(hook.matcher);
    if (problem) notes.push({ kind: 'unsupported', where: at('matcher'), detail: problem });
  }
  return { event: event.data, hook };
}

/**
 * Parses and validates a hooks file in any shape Azure SRE Agent uses (plain `hooks:`, HookV2,
 * ExtendedAgent `spec.hooks`; see azureSreHookShapes.ts); errors name the file and line, and a
 * literal secret in it (an `env` value that is not `${env:NAME}`) is refused.
 *
 * @throws ConfigError `<file>:<line>: <field>: <problem>`
 */
function parseHookFile(file: string, text: string, baseDir: string): HookConfig {
  const located = parseLocatedYaml(file, text);
  validateLocated(located, z.unknown());
  const normalized = normalizeHookDocument(located);
  const notes = [...normalized.notes];
  const config: HookConfig = { baseDir, source: file, PreToolUse: [], PostToolUse: [], Stop: [], notes };
  for (const entry of normalized.entries) {
    const { event, hook } = validateEntry(located, entry, notes);
    config[event].push({ ...hook, name: hook.name ?? `${event}#${config[event].length + 1}` });
  }
  return config;
}

/** A hook's fail mode: as configured, else `block` for prompt hooks and `allow` for command hooks. */
function failModeOf(hook: HookDefinition): FailMode {
  return hook.failMode ?? (hook.type === 'prompt' ? 'block' : 'allow');
}

/**
 * True when `hook` applies to `toolName` (always true for Stop hooks): the matcher matches our
 * tool name or one of its Azure SRE Agent aliases (see toolAliases.ts).
 */
function hookMatches(hook: HookDefinition, event: HookEvent, toolName: string | undefined): boolean {
  if (event === 'Stop') return true;
  return matcherMatchesTool(hook.matcher, toolName ?? '');
}

export { hookEventSchema, failModeSchema, hookSchema, parseHookFile, hookMatches, failModeOf, NO_HOOKS, MODEL_ALIASES };
export type { HookEvent, FailMode, CommandHook, PromptHook, HookDefinition, HookConfig };
