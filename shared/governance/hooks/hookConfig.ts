import { z } from 'zod';
import { parseLocatedYaml, validateLocated } from '../configFile';

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
  /** Stop hooks: after this many rejections the report is accepted anyway. Default 3 for prompt hooks, none for command hooks. */
  maxRejections: z.number().int().min(1).max(25).optional(),
};

/** A hook that runs an executable with the event as JSON on stdin. */
const commandHookSchema = z
  .object({
    type: z.literal('command'),
    ...hookBase,
    /** Executable and arguments (no shell), relative paths from the hooks file's folder. */
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
    /** Model id; defaults to ANTHROPIC_HOOK_MODEL. */
    model: z.string().min(1).optional(),
  })
  .strict();

const hookSchema = z.discriminatedUnion('type', [commandHookSchema, promptHookSchema]);

/** The hooks file: `hooks:` with a list per event, like Azure SRE Agent's `spec.hooks`. */
const hookFileSchema = z
  .object({
    hooks: z
      .object({
        PreToolUse: z.array(hookSchema).default([]),
        PostToolUse: z.array(hookSchema).default([]),
        Stop: z.array(hookSchema).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

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
}

/** No hooks at all (the default when no hooks file is configured). */
const NO_HOOKS: HookConfig = { baseDir: '.', source: '(none)', PreToolUse: [], PostToolUse: [], Stop: [] };

/**
 * Parses and validates a hooks file; errors name the file and line, and a literal secret in it
 * (an `env` value that is not `${env:NAME}`) is refused.
 *
 * @throws ConfigError `<file>:<line>: <field>: <problem>`
 */
function parseHookFile(file: string, text: string, baseDir: string): HookConfig {
  const located = parseLocatedYaml(file, text);
  const parsed = validateLocated(located, hookFileSchema.nullable().transform((v) => v ?? hookFileSchema.parse({})));
  const named = (event: HookEvent): HookDefinition[] =>
    parsed.hooks[event].map((hook, index) => ({ ...hook, name: hook.name ?? `${event}#${index + 1}` }));
  return { baseDir, source: file, PreToolUse: named('PreToolUse'), PostToolUse: named('PostToolUse'), Stop: named('Stop') };
}

/** A hook's fail mode: as configured, else `block` for prompt hooks and `allow` for command hooks. */
function failModeOf(hook: HookDefinition): FailMode {
  return hook.failMode ?? (hook.type === 'prompt' ? 'block' : 'allow');
}

/** True when `hook` applies to `toolName` (always true for Stop hooks). */
function hookMatches(hook: HookDefinition, event: HookEvent, toolName: string | undefined): boolean {
  if (event === 'Stop') return true;
  const matcher = hook.matcher;
  if (matcher === undefined || matcher === '') return false;
  if (matcher === '*') return true;
  return new RegExp(`^(${matcher})$`).test(toolName ?? '');
}

export { hookEventSchema, failModeSchema, hookSchema, hookFileSchema, parseHookFile, hookMatches, failModeOf, NO_HOOKS };
export type { HookEvent, FailMode, CommandHook, PromptHook, HookDefinition, HookConfig };
