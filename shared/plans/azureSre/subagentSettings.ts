import { ConfigError } from '../../errors';
import type { LocatedYaml } from '../../governance/configFile';
import { where, type ImportNote } from '../../governance/hooks/azureSreHookShapes';
import { AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT, builtInToolsForAzureName } from '../../governance/hooks/toolAliases';
import { AGENT_FIELDS, AGENT_SNAKE_TO_CAMEL, AZURE_ONLY_AGENT_FIELDS } from './agentFields';

/**
 * An Azure SRE Agent custom agent (subagent) read as the settings of a plan's subagents: its
 * instructions become guidance, its tools become the plan's allowed tools and permission rules,
 * its run mode the plan's mode, its handoffs more hypotheses. Three file shapes carry one:
 *
 * - ExtendedAgent (`api_version: azuresre.ai/v2`, `kind: ExtendedAgent`, `metadata.name`, `spec{...}`);
 * - the recipes' subagent files (`metadata` / `spec` without `kind`);
 * - AgentConfiguration v1 (`spec{name, system_prompt, handoff_description, agent_type, tools}`);
 *
 * and a workflow template's `custom_agent` is the same thing inline (with allow / ask / deny
 * lists instead of one tool list). See docs/migrating-from-azure-sre-agent.md.
 */

interface SubagentSettings {
  name: string;
  /** `handoffDescription`: what the agent is for. */
  description?: string;
  instructions: string;
  mode?: 'review' | 'autonomous';
  /** Plan `allowedTools` entries: built-in tool names and `mcp__<server>__*` patterns. */
  allowedTools: string[];
  /** Permission rules in the rules-file form (`allow: tool`, `ask: tool`, `deny: tool`). */
  rules: Array<{ allow?: string; ask?: string; deny?: string; reason?: string }>;
  /** Names of the agents this one hands off to. */
  handoffs: string[];
  notes: ImportNote[];
}

/** The built-in query tools a workflow's "telemetry connector" prerequisite stands for. */
const TELEMETRY_TOOLS = ['log_analytics_query', 'app_insights_query', 'metrics_query', 'resource_graph_query', 'list_tables', 'describe_table'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(located: LocatedYaml, path: ReadonlyArray<string | number>, message: string): never {
  const line = located.lineOf(path);
  throw new ConfigError(line ? `${located.file}:${line}` : located.file, `${path.map(String).join('.')}: ${message}`);
}

function stringList(located: LocatedYaml, path: Array<string | number>, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail(located, path, 'must be a list of names');
  return value as string[];
}

/** `github-mcp.*`, `github-mcp/*`, `conn/tool` → `{server, tool}`; undefined when it is not such a pattern. */
function mcpPattern(pattern: string): { server: string; tool: string } | undefined {
  const match = /^([a-z][a-z0-9-]{0,30})(?:(?:\.\*|\/\*|_\*|\*)|\/([A-Za-z0-9_-]{1,64}))?$/.exec(pattern);
  return match ? { server: match[1]!, tool: match[2] ?? '*' } : undefined;
}

/** Run mode of `agentType` / `action_mode` (`Autonomous`, `Review`). */
function runMode(located: LocatedYaml, path: Array<string | number>, value: unknown, notes: ImportNote[]): 'review' | 'autonomous' | undefined {
  if (value === undefined) return undefined;
  const mode = typeof value === 'string' ? value.toLowerCase() : '';
  if (mode !== 'review' && mode !== 'autonomous') fail(located, path, `'${String(value)}' is not a run mode (Review or Autonomous)`);
  notes.push({ kind: 'mapped', where: where(located, path), detail: `run mode ${String(value)} → plan mode ${mode}` });
  return mode;
}

/**
 * Tool lists to allowed tools and rules: each Azure SRE Agent name to the built-in tools that do
 * the same job (`ExecuteKustoQuery` → both query tools), MCP patterns to `mcp__<server>__*`.
 * A name with no counterpart is reported, never silently dropped; a denied one needs no rule
 * when nothing here can do it.
 */
function mapToolLists(
  located: LocatedYaml,
  lists: ReadonlyArray<{ effect: 'allow' | 'ask' | 'deny'; path: Array<string | number>; names: readonly string[] }>,
  settings: Pick<SubagentSettings, 'allowedTools' | 'rules' | 'notes'>,
): void {
  for (const { effect, path, names } of lists) {
    names.forEach((name, index) => {
      const at = where(located, [...path, index]);
      const builtIn = builtInToolsForAzureName(name);
      const mcp = builtIn.length === 0 ? mcpPattern(name.replace(/^mcp_/, '')) : undefined;
      const targets = builtIn.length > 0 ? builtIn.map((tool) => ({ allowed: tool, rule: tool })) : mcp && (name.startsWith('mcp_') || /[*/]/.test(name)) ? [{ allowed: `mcp__${mcp.server}__${mcp.tool}`, rule: `mcp:${mcp.server}/${mcp.tool}` }] : [];
      if (targets.length === 0) {
        const why = AZURE_SRE_TOOLS_WITHOUT_EQUIVALENT[name];
        const detail = effect === 'deny' ? `${name} is denied there and does not exist here (nothing to deny)` : `${name} has no counterpart here${why ? ` (${why})` : ''}; the subagent runs without it`;
        settings.notes.push({ kind: effect === 'deny' ? 'ignored' : 'unsupported', where: at, detail });
        return;
      }
      for (const target of targets) {
        if (effect !== 'deny' && !settings.allowedTools.includes(target.allowed)) settings.allowedTools.push(target.allowed);
        settings.rules.push({ [effect]: target.rule, reason: `Azure SRE Agent ${effect === 'allow' ? 'read_only' : effect === 'ask' ? 'ask_approval' : 'deny'} list: ${name}` });
      }
      settings.notes.push({ kind: 'mapped', where: at, detail: `${name} → ${effect} ${targets.map((t) => t.rule).join(', ')}` });
    });
  }
}

/** Adds the built-in telemetry tools (a workflow's `telemetry_connectors` prerequisite) as allowed read-only tools. */
function addTelemetryTools(settings: Pick<SubagentSettings, 'allowedTools' | 'rules'>): void {
  for (const tool of TELEMETRY_TOOLS) {
    if (!settings.allowedTools.includes(tool)) settings.allowedTools.push(tool);
    settings.rules.push({ allow: tool, reason: 'telemetry connector prerequisite' });
  }
}

/**
 * Reads an agent `spec` (ExtendedAgent / recipe subagent / AgentConfiguration) at `path`.
 * @param readRelative text of a file named relative to this one (instructions in a `.md` file), or undefined
 * @throws ConfigError `<file>:<line>: <field>: ...` for an unknown field or a missing instructions file
 */
function readAgentSpec(located: LocatedYaml, path: Array<string | number>, rawSpec: Record<string, unknown>, fallbackName: string | undefined, readRelative: (name: string) => string | undefined): SubagentSettings {
  const notes: ImportNote[] = [];
  const spec: Record<string, unknown> = {};
  /** The key as written, for messages (`action_mode` rather than `agentType`). */
  const written: Record<string, string> = {};
  const at = (camel: string): Array<string | number> => [...path, written[camel] ?? camel];
  for (const [key, value] of Object.entries(rawSpec)) {
    const camel = AGENT_SNAKE_TO_CAMEL[key] ?? key;
    written[camel] = key;
    if (!AGENT_FIELDS.has(camel)) fail(located, [...path, key], 'unknown field (not an Azure SRE Agent agent field)');
    const why = AZURE_ONLY_AGENT_FIELDS[camel];
    if (why) notes.push({ kind: 'ignored', where: where(located, [...path, key]), detail: why });
    else spec[camel] = value;
  }
  const name = typeof spec.name === 'string' ? spec.name : fallbackName;
  if (!name) fail(located, [...path, 'name'], 'is required (metadata.name or spec.name)');
  let instructions = spec.instructions ?? spec.systemPrompt;
  const instructionsKey = spec.instructions !== undefined ? 'instructions' : written.systemPrompt ?? 'instructions';
  if (typeof instructions === 'string' && /^[^\n]+\.md$/i.test(instructions.trim())) {
    const file = instructions.trim();
    instructions = readRelative(file);
    if (instructions === undefined) fail(located, [...path, instructionsKey], `instructions file '${file}' is not beside this file`);
    notes.push({ kind: 'mapped', where: where(located, [...path, instructionsKey]), detail: `instructions read from ${file}` });
  }
  if (typeof instructions !== 'string' || instructions.trim() === '') fail(located, [...path, instructionsKey], 'is required: the instructions the subagent follows');
  const settings: SubagentSettings = { name, instructions: instructions.trim(), allowedTools: [], rules: [], handoffs: [], notes };
  if (typeof spec.handoffDescription === 'string' && spec.handoffDescription.trim()) settings.description = spec.handoffDescription.trim();
  const mode = runMode(located, at('agentType'), spec.agentType, notes);
  if (mode) settings.mode = mode;
  mapToolLists(located, [
    { effect: 'allow', path: at('tools'), names: stringList(located, at('tools'), spec.tools) },
    { effect: 'allow', path: at('mcpTools'), names: stringList(located, at('mcpTools'), spec.mcpTools).map((n) => (mcpPattern(n) && !n.includes('*') && !n.includes('/') ? `${n}/*` : n)) },
  ], settings);
  settings.handoffs = stringList(located, at('handoffs'), spec.handoffs);
  return settings;
}

export { readAgentSpec, mapToolLists, addTelemetryTools, runMode, isRecord, fail, stringList };
export type { SubagentSettings };
