import { ConfigError } from '../../errors';
import type { LocatedYaml } from '../configFile';
import { isAgentField } from '../../plans/azureSre/agentFields';

/**
 * Azure SRE Agent hook files, read as they are. Three shapes are accepted (see
 * docs/migrating-from-azure-sre-agent.md for the contract each follows):
 *
 * - plain: `hooks: {PreToolUse|PostToolUse|Stop: [hook, ...]}` (ours, and the `spec.hooks` body);
 * - HookV2: `api_version`, `kind: HookV2`, `metadata.name`, `spec{eventType, activationMode,
 *   description, hook{...}, enabled}`, one hook per file, camelCase or snake_case keys;
 * - ExtendedAgent: `api_version`, `kind: ExtendedAgent`, `metadata`, `spec{hooks, instructions, ...}`.
 *
 * The result is a list of hook entries in our plain form plus notes saying what was mapped,
 * what is ignored (and why) and what cannot be expressed here. Keys that are neither ours nor
 * known Azure SRE Agent fields are errors naming the file, line and field.
 */

type ImportNoteKind = 'mapped' | 'ignored' | 'unsupported';

/** One line of the import report (also logged as a warning at startup unless `mapped`). */
interface ImportNote {
  kind: ImportNoteKind;
  /** `<file>:<line>: <field>` */
  where: string;
  detail: string;
}

/** A hook in our plain form, with where it came from. */
interface HookEntry {
  event: string;
  /** Path of the hook object in the YAML document (for line numbers). */
  path: Array<string | number>;
  hook: Record<string, unknown>;
}

interface NormalizedHooks {
  shape: 'plain' | 'HookV2' | 'ExtendedAgent';
  entries: HookEntry[];
  notes: ImportNote[];
}

/** snake_case keys of Microsoft's lab files and the camelCase ones of its docs. */
const SNAKE_TO_CAMEL: Readonly<Record<string, string>> = {
  event_type: 'eventType',
  activation_mode: 'activationMode',
  fail_mode: 'failMode',
  max_rejections: 'maxRejections',
  api_version: 'apiVersion',
  apiVersion: 'apiVersion',
};

const HOOK_V2_SPEC_FIELDS = new Set(['eventType', 'activationMode', 'description', 'hook', 'enabled']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function camelKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [SNAKE_TO_CAMEL[key] ?? key, value]));
}

/** `<file>:<line>: <field path>` for notes. */
function where(located: LocatedYaml, path: ReadonlyArray<string | number>): string {
  const line = located.lineOf(path);
  return `${line ? `${located.file}:${line}` : located.file}: ${path.map(String).join('.')}`;
}

function fail(located: LocatedYaml, path: Array<string | number>, message: string): never {
  const line = located.lineOf(path);
  throw new ConfigError(line ? `${located.file}:${line}` : located.file, `${path.map(String).join('.')}: ${message}`);
}

/**
 * One hook object: snake_case keys to camelCase, Azure's capitalised values (`Block`, `Command`)
 * lower-cased, `description` and `enabled` read, `conn/*` tool globs made regular expressions.
 * Returns `undefined` when the hook is switched off.
 */
function normalizeHook(located: LocatedYaml, path: Array<string | number>, raw: unknown, notes: ImportNote[]): Record<string, unknown> | undefined {
  if (!isRecord(raw)) fail(located, path, 'a hook must be a mapping');
  const hook = camelKeys(raw);
  const note = (kind: ImportNoteKind, field: string, detail: string): void => {
    notes.push({ kind, where: where(located, [...path, field]), detail });
  };
  for (const key of Object.keys(raw)) if (SNAKE_TO_CAMEL[key]) note('mapped', key, `read as ${SNAKE_TO_CAMEL[key]}`);
  for (const field of ['type', 'failMode'] as const) {
    const value = hook[field];
    if (typeof value === 'string' && value !== value.toLowerCase()) {
      hook[field] = value.toLowerCase();
      note('mapped', field, `'${value}' read as '${value.toLowerCase()}'`);
    }
  }
  // Azure's documented default type is prompt.
  if (hook.type === undefined && typeof hook.prompt === 'string') hook.type = 'prompt';
  if (hook.description !== undefined) {
    note('ignored', 'description', 'documentation only; the hook name is what audit records show');
    delete hook.description;
  }
  if (hook.enabled !== undefined) {
    const enabled = hook.enabled;
    delete hook.enabled;
    if (enabled === false) {
      note('ignored', 'enabled', 'enabled: false: the hook is not loaded');
      return undefined;
    }
  }
  if (typeof hook.matcher === 'string' && /\/\*$/.test(hook.matcher) && !/\.\*$/.test(hook.matcher)) {
    const regex = hook.matcher.replace(/\/\*$/, '/.*');
    note('mapped', 'matcher', `tool-list wildcard '${hook.matcher}' read as the regular expression '${regex}' (an MCP tool mcp__<server>__<tool> also answers to <server>/<tool>)`);
    hook.matcher = regex;
  }
  return hook;
}

function activeForActivationMode(located: LocatedYaml, path: Array<string | number>, mode: unknown, notes: ImportNote[]): boolean {
  if (mode === undefined || (typeof mode === 'string' && mode.toLowerCase() === 'always')) return true;
  notes.push({
    kind: 'unsupported',
    where: where(located, path),
    detail: `activationMode '${String(mode)}': Azure SRE Agent activates such hooks per chat thread; this responder has no threads, so the hook is not loaded (use 'always' to load it)`,
  });
  return false;
}

function eventEntries(located: LocatedYaml, path: Array<string | number>, hooks: unknown, notes: ImportNote[], namePrefix = ''): HookEntry[] {
  if (hooks === undefined || hooks === null) return [];
  if (!isRecord(hooks)) fail(located, path, 'must map event names (PreToolUse, PostToolUse, Stop) to lists of hooks');
  const entries: HookEntry[] = [];
  for (const [event, list] of Object.entries(hooks)) {
    if (list === null || list === undefined) continue;
    if (!Array.isArray(list)) fail(located, [...path, event], 'must be a list of hooks');
    list.forEach((raw, index) => {
      const hook = normalizeHook(located, [...path, event, index], raw, notes);
      if (hook && namePrefix && hook.name === undefined) hook.name = `${namePrefix}${event}#${index + 1}`;
      if (hook) entries.push({ event, path: [...path, event, index], hook });
    });
  }
  return entries;
}

function checkApiVersion(located: LocatedYaml, doc: Record<string, unknown>, notes: ImportNote[]): void {
  const version = doc.api_version ?? doc.apiVersion;
  if (version === undefined) return;
  const key = doc.api_version !== undefined ? 'api_version' : 'apiVersion';
  if (typeof version !== 'string' || !version.startsWith('azuresre.ai/')) fail(located, [key], `'${String(version)}' is not an Azure SRE Agent API version (azuresre.ai/v1, azuresre.ai/v2)`);
  notes.push({ kind: 'ignored', where: where(located, [key]), detail: `${version}: the file is read by its shape, not its version` });
}

function unknownKeys(located: LocatedYaml, path: Array<string | number>, record: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key of Object.keys(record)) if (!known.has(key)) fail(located, [...path, key], 'unknown field');
}

function hookV2(located: LocatedYaml, doc: Record<string, unknown>, notes: ImportNote[]): HookEntry[] {
  unknownKeys(located, [], doc, new Set(['api_version', 'apiVersion', 'kind', 'metadata', 'spec', 'enabled']));
  const metadata = doc.metadata;
  if (metadata !== undefined && !isRecord(metadata)) fail(located, ['metadata'], 'must be a mapping');
  if (metadata) unknownKeys(located, ['metadata'], metadata, new Set(['name', 'description', 'labels']));
  if (!isRecord(doc.spec)) fail(located, ['spec'], 'must be a mapping with eventType and hook');
  const rawSpec = doc.spec;
  const spec = camelKeys(rawSpec);
  for (const key of Object.keys(rawSpec)) {
    if (SNAKE_TO_CAMEL[key]) notes.push({ kind: 'mapped', where: where(located, ['spec', key]), detail: `read as ${SNAKE_TO_CAMEL[key]}` });
    if (!HOOK_V2_SPEC_FIELDS.has(SNAKE_TO_CAMEL[key] ?? key)) fail(located, ['spec', key], 'unknown field');
  }
  if (typeof spec.eventType !== 'string') fail(located, ['spec', 'eventType'], 'is required (PreToolUse, PostToolUse or Stop)');
  if (spec.description !== undefined) notes.push({ kind: 'ignored', where: where(located, ['spec', 'description']), detail: 'documentation only' });
  const enabled = spec.enabled ?? doc.enabled;
  if (enabled === false) {
    notes.push({ kind: 'ignored', where: where(located, ['spec', 'enabled']), detail: 'enabled: false: the hook is not loaded' });
    return [];
  }
  if (!activeForActivationMode(located, ['spec', 'activationMode'], spec.activationMode, notes)) return [];
  const hook = normalizeHook(located, ['spec', 'hook'], rawSpec.hook, notes);
  if (!hook) return [];
  const name = isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  if (name !== undefined && hook.name === undefined) hook.name = name;
  return [{ event: spec.eventType, path: ['spec', 'hook'], hook }];
}

function extendedAgent(located: LocatedYaml, doc: Record<string, unknown>, notes: ImportNote[]): HookEntry[] {
  unknownKeys(located, [], doc, new Set(['api_version', 'apiVersion', 'kind', 'metadata', 'spec']));
  if (!isRecord(doc.spec)) fail(located, ['spec'], 'must be a mapping');
  const spec = doc.spec;
  for (const key of Object.keys(spec)) {
    if (key === 'hooks') continue;
    if (!isAgentField(key)) fail(located, ['spec', key], 'unknown field');
    notes.push({ kind: 'ignored', where: where(located, ['spec', key]), detail: 'subagent setting: read when this file is in a plans folder (it becomes a plan); here only spec.hooks is read, and the hooks apply to every investigation' });
  }
  const agent = isRecord(doc.metadata) && typeof doc.metadata.name === 'string' ? `${doc.metadata.name}/` : '';
  return eventEntries(located, ['spec', 'hooks'], spec.hooks, notes, agent);
}

/**
 * Reads any accepted shape into plain hook entries.
 * @throws ConfigError `<file>:<line>: <field>: ...` for an unknown field or a malformed shape.
 */
function normalizeHookDocument(located: LocatedYaml): NormalizedHooks {
  const doc = located.value;
  const notes: ImportNote[] = [];
  if (doc === null || doc === undefined) return { shape: 'plain', entries: [], notes };
  if (!isRecord(doc)) fail(located, [], 'a hooks file is a mapping');
  const kind = doc.kind;
  const spec = isRecord(doc.spec) ? camelKeys(doc.spec) : undefined;
  if (kind === 'HookV2' || (kind === undefined && spec !== undefined && (spec.eventType !== undefined || spec.hook !== undefined))) {
    checkApiVersion(located, doc, notes);
    return { shape: 'HookV2', entries: hookV2(located, doc, notes), notes };
  }
  if (kind === 'ExtendedAgent' || (kind === undefined && spec !== undefined && spec.hooks !== undefined)) {
    checkApiVersion(located, doc, notes);
    return { shape: 'ExtendedAgent', entries: extendedAgent(located, doc, notes), notes };
  }
  if (kind !== undefined) fail(located, ['kind'], `'${String(kind)}' is not a hook file (expected HookV2 or ExtendedAgent)`);
  unknownKeys(located, [], doc, new Set(['hooks']));
  return { shape: 'plain', entries: eventEntries(located, ['hooks'], doc.hooks, notes), notes };
}

export { normalizeHookDocument, where };
export type { ImportNote, ImportNoteKind, HookEntry, NormalizedHooks };
