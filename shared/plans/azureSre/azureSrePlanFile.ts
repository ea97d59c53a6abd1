import { posix } from 'node:path';
import { parseIsoDuration } from '../../governance/approvals/isoDuration';
import { parseLocatedYaml, type LocatedYaml } from '../../governance/configFile';
import { where, type ImportNote } from '../../governance/hooks/azureSreHookShapes';
import type { PlanInput } from '../planSchema';
import { addTelemetryTools, fail, isRecord, mapToolLists, readAgentSpec, runMode, stringList, type SubagentSettings } from './subagentSettings';

/**
 * Azure SRE Agent files that become response plans, read as they are from a plans folder:
 *
 * - a workflow template (`name`, `trigger{type, platform, filters}`, `prerequisites`,
 *   `custom_agent{name, action_mode, tools{read_only, ask_approval, deny}, skills, instructions}`):
 *   the trigger filters become the plan's match, the custom agent its subagent settings;
 * - an agent file (ExtendedAgent, a recipe's subagent, AgentConfiguration v1): a plan that runs
 *   only when started by id (Azure routes incidents to it from elsewhere), one hypothesis per
 *   agent, plus one per agent it hands off to.
 *
 * Every file gets notes: what was mapped, what is ignored and why, what cannot be expressed.
 */

type SiblingFiles = ReadonlyMap<string, string>;

interface AzureSrePlan {
  plan: PlanInput;
  notes: ImportNote[];
}

/** Which Azure SRE Agent plan-like file a YAML mapping is, if any. */
function azureSrePlanKind(doc: Record<string, unknown>): 'workflow-template' | 'agent' | undefined {
  if (isRecord(doc.trigger) && isRecord(doc.custom_agent)) return 'workflow-template';
  if (doc.kind === 'ExtendedAgent' || doc.kind === 'AgentConfiguration') return isRecord(doc.spec) && hasAgentBody(doc.spec) ? 'agent' : undefined;
  if (doc.kind === undefined && isRecord(doc.metadata) && isRecord(doc.spec) && hasAgentBody(doc.spec) && !('eventType' in doc.spec) && !('schedule' in doc.spec)) return 'agent';
  return undefined;
}

function hasAgentBody(spec: Record<string, unknown>): boolean {
  return ['instructions', 'system_prompt', 'systemPrompt'].some((key) => typeof spec[key] === 'string');
}

/** A plan id from an Azure name (`alert-investigation` stays, `My Agent` → `my-agent`). */
function planIdOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'azure-sre-agent';
}

/** A sibling file named relative to `file` (`subagents/x.instructions.md`), by path or by its last segments. */
function siblingReader(file: string, siblings: SiblingFiles): (name: string) => string | undefined {
  return (name) => {
    const wanted = posix.normalize(posix.join(posix.dirname(file.replace(/\\/g, '/')), name));
    for (const [path, text] of siblings) {
      const normal = path.replace(/\\/g, '/');
      if (normal === wanted || normal.endsWith(`/${name}`) || normal.endsWith(`/${posix.basename(name)}`)) return text;
    }
    return undefined;
  };
}

function hypothesisOf(agent: SubagentSettings) {
  return { id: planIdOf(agent.name), title: agent.description ?? `${agent.name}: investigate as its instructions say`, rootCauseCategory: 'other', guidance: agent.instructions };
}

/** Agents handed off to, found among the sibling files by name; the ones not found are noted. */
function handoffAgents(located: LocatedYaml, path: Array<string | number>, agent: SubagentSettings, siblings: SiblingFiles, notes: ImportNote[]): SubagentSettings[] {
  const found: SubagentSettings[] = [];
  agent.handoffs.forEach((name, index) => {
    for (const [file, text] of siblings) {
      if (!/\.ya?ml$/i.test(file)) continue;
      const other = parseLocatedYaml(file, text);
      if (!isRecord(other.value) || azureSrePlanKind(other.value) !== 'agent') continue;
      const settings = agentFromDocument(other, siblings);
      if (settings.name !== name) continue;
      found.push(settings);
      notes.push({ kind: 'mapped', where: where(located, [...path, index]), detail: `handoff to ${name} → hypothesis '${planIdOf(name)}' run in parallel (its instructions as guidance)` });
      return;
    }
    notes.push({ kind: 'unsupported', where: where(located, [...path, index]), detail: `handoff target '${name}' is not in this plans source; put its agent file beside this one` });
  });
  return found;
}

function agentFromDocument(located: LocatedYaml, siblings: SiblingFiles): SubagentSettings {
  const doc = located.value as Record<string, unknown>;
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  return readAgentSpec(located, ['spec'], doc.spec as Record<string, unknown>, typeof metadata.name === 'string' ? metadata.name : undefined, siblingReader(located.file, siblings));
}

/** Tools, rules, mode and hypotheses shared by both shapes. */
function planBody(agent: SubagentSettings, helpers: SubagentSettings[]) {
  const allowedTools = [...new Set([agent, ...helpers].flatMap((a) => a.allowedTools))];
  return {
    allowedTools,
    rules: [agent, ...helpers].flatMap((a) => a.rules),
    ...(agent.mode ? { mode: agent.mode } : {}),
    hypotheses: [hypothesisOf(agent), ...helpers.map(hypothesisOf)],
  };
}

function agentPlan(located: LocatedYaml, siblings: SiblingFiles): AzureSrePlan {
  const agent = agentFromDocument(located, siblings);
  const notes = [...agent.notes];
  const helpers = handoffAgents(located, ['spec', 'handoffs'], agent, siblings, notes);
  notes.push({ kind: 'mapped', where: where(located, []), detail: `agent ${agent.name} → plan '${planIdOf(agent.name)}', started by id only (POST /api/investigations with planId, or a scheduled task's plan)` });
  const plan: PlanInput = { id: planIdOf(agent.name), title: agent.description ?? agent.name, description: agent.description ?? '', trigger: 'manual', ...planBody(agent, helpers) };
  return { plan, notes: [...notes, ...helpers.flatMap((h) => h.notes)] };
}

const PLATFORMS: Readonly<Record<string, string>> = { 'azure-monitor': 'azure-monitor', azuremonitor: 'azure-monitor', pagerduty: 'pagerduty', servicenow: 'servicenow' };
const TEMPLATE_FIELDS = new Set(['name', 'description', 'trigger', 'prerequisites', 'custom_agent']);
const TRIGGER_FIELDS = new Set(['type', 'platform', 'filters', 'description', 'schedule', 'enabled', 'action_mode', 'handling_agent', 'prompt']);
const FILTER_FIELDS = new Set(['severities', 'title_contains', 'merge_window']);
const CUSTOM_AGENT_FIELDS = new Set(['name', 'action_mode', 'tools', 'skills', 'instructions', 'handoffs', 'mcp_tools']);

function checkFields(located: LocatedYaml, path: Array<string | number>, record: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key of Object.keys(record)) if (!known.has(key)) fail(located, [...path, key], `unknown field (known: ${[...known].join(', ')})`);
}

/** The plan's `match` (and `groupWindow`, from `merge_window`) from an incident-platform trigger. */
function templateMatch(located: LocatedYaml, trigger: Record<string, unknown>, notes: ImportNote[]): { match: Record<string, unknown>; groupWindow?: string } {
  const match: Record<string, unknown> = {};
  const platform = PLATFORMS[String(trigger.platform ?? '').toLowerCase()];
  if (!platform) fail(located, ['trigger', 'platform'], `'${String(trigger.platform)}' is not an incident platform here (${Object.keys(PLATFORMS).join(', ')})`);
  match.source = platform;
  notes.push({ kind: 'mapped', where: where(located, ['trigger', 'platform']), detail: `→ match.source ${platform}` });
  const filters = trigger.filters ?? {};
  if (!isRecord(filters)) fail(located, ['trigger', 'filters'], 'must be a mapping');
  checkFields(located, ['trigger', 'filters'], filters, FILTER_FIELDS);
  if (filters.severities !== undefined) {
    match.severity = stringList(located, ['trigger', 'filters', 'severities'], filters.severities);
    notes.push({ kind: 'mapped', where: where(located, ['trigger', 'filters', 'severities']), detail: '→ match.severity' });
  }
  if (filters.title_contains !== undefined) {
    match.titleContains = filters.title_contains;
    notes.push({ kind: 'mapped', where: where(located, ['trigger', 'filters', 'title_contains']), detail: '→ match.titleContains (case-insensitive)' });
  }
  if (filters.merge_window === undefined) return { match };
  const window = String(filters.merge_window);
  if ((parseIsoDuration(window) ?? 0) <= 0) fail(located, ['trigger', 'filters', 'merge_window'], `'${window}' is not a positive ISO 8601 duration such as PT3H`);
  notes.push({ kind: 'mapped', where: where(located, ['trigger', 'filters', 'merge_window']), detail: `→ groupWindow ${window}: later alerts of the same group join the investigation for that long after its first alert` });
  return { match, groupWindow: window };
}

function prerequisites(located: LocatedYaml, raw: unknown, agent: SubagentSettings, notes: ImportNote[]): void {
  if (raw === undefined) return;
  if (!isRecord(raw)) fail(located, ['prerequisites'], 'must be a mapping');
  const required = Array.isArray(raw.required) ? raw.required : [];
  required.forEach((item: unknown, index: number) => {
    const key = isRecord(item) ? Object.keys(item)[0] : undefined;
    if (key === 'telemetry_connectors') {
      addTelemetryTools(agent);
      notes.push({ kind: 'mapped', where: where(located, ['prerequisites', 'required', index]), detail: `telemetry connectors → the built-in query tools (${agent.allowedTools.join(', ')}), allowed` });
    } else {
      notes.push({ kind: 'ignored', where: where(located, ['prerequisites', 'required', index]), detail: `${key ?? 'entry'}: checked by startup validation here (incident sources and destinations are settings)` });
    }
  });
  if (raw.optional !== undefined) notes.push({ kind: 'ignored', where: where(located, ['prerequisites', 'optional']), detail: 'optional connectors: used when configured' });
  if (raw.failure_policy !== undefined) notes.push({ kind: 'mapped', where: where(located, ['prerequisites', 'failure_policy']), detail: 'an invalid plan stops startup here, as fail-deployment does' });
}

function workflowTemplatePlan(located: LocatedYaml, siblings: SiblingFiles): AzureSrePlan {
  const doc = located.value as Record<string, unknown>;
  checkFields(located, [], doc, TEMPLATE_FIELDS);
  if (typeof doc.name !== 'string' || doc.name.trim() === '') fail(located, ['name'], 'is required');
  const trigger = doc.trigger as Record<string, unknown>;
  const custom = doc.custom_agent as Record<string, unknown>;
  checkFields(located, ['trigger'], trigger, TRIGGER_FIELDS);
  checkFields(located, ['custom_agent'], custom, CUSTOM_AGENT_FIELDS);
  const { tools, ...agentSpec } = custom;
  const agent = readAgentSpec(located, ['custom_agent'], agentSpec, undefined, siblingReader(located.file, siblings));
  const notes = [...agent.notes];
  if (tools !== undefined) {
    if (!isRecord(tools)) fail(located, ['custom_agent', 'tools'], 'must map read_only, ask_approval and deny to lists of tools');
    checkFields(located, ['custom_agent', 'tools'], tools, new Set(['read_only', 'ask_approval', 'deny']));
    const list = (key: string) => ({ path: ['custom_agent', 'tools', key], names: stringList(located, ['custom_agent', 'tools', key], tools[key]) });
    mapToolLists(located, [{ effect: 'allow', ...list('read_only') }, { effect: 'ask', ...list('ask_approval') }, { effect: 'deny', ...list('deny') }], { ...agent, notes });
  }
  prerequisites(located, doc.prerequisites, agent, notes);
  const handling = trigger.handling_agent;
  if (handling !== undefined && handling !== agent.name) fail(located, ['trigger', 'handling_agent'], `'${String(handling)}' is not this template's custom_agent (${agent.name})`);
  const mode = runMode(located, ['trigger', 'action_mode'], trigger.action_mode, notes) ?? agent.mode;
  const type = String(trigger.type ?? '');
  let match: Record<string, unknown> = {};
  let groupWindow: string | undefined;
  let manual = true;
  if (type === 'incident-platform') {
    ({ match, groupWindow } = templateMatch(located, trigger, notes));
    manual = false;
  } else if (type === 'scheduled-task') {
    notes.push({ kind: 'unsupported', where: where(located, ['trigger', 'schedule']), detail: `schedule '${String(trigger.schedule)}': write a task file (docs/tasks.md) with plan: ${planIdOf(doc.name)} and this schedule; the plan itself runs only when started` });
  } else if (type === 'http-trigger') {
    notes.push({ kind: 'mapped', where: where(located, ['trigger', 'type']), detail: `http-trigger → start it with POST /api/investigations and planId ${planIdOf(doc.name)}` });
  } else {
    fail(located, ['trigger', 'type'], `'${type}' is not a trigger type (incident-platform, scheduled-task, http-trigger)`);
  }
  if (trigger.enabled === false) {
    manual = true;
    notes.push({ kind: 'mapped', where: where(located, ['trigger', 'enabled']), detail: 'disabled: the plan loads but takes no incident by itself' });
  }
  const prompt = typeof trigger.prompt === 'string' && trigger.prompt.trim() ? `${trigger.prompt.trim()}\n\n` : '';
  const description = typeof trigger.description === 'string' ? trigger.description : typeof doc.description === 'string' ? doc.description : '';
  const body = planBody({ ...agent, instructions: `${prompt}${agent.instructions}`, ...(mode ? { mode } : {}) }, []);
  const plan: PlanInput = { id: planIdOf(doc.name), title: doc.name, description, match, ...(groupWindow ? { groupWindow } : {}), ...(manual ? { trigger: 'manual' } : {}), ...body };
  return { plan, notes };
}

/**
 * The plan an Azure SRE Agent file stands for, or undefined when the mapping is not such a file.
 * @throws ConfigError `<file>:<line>: <field>: ...`
 */
function azureSrePlanFromYaml(fileName: string, text: string, siblings: SiblingFiles): AzureSrePlan | undefined {
  const located = parseLocatedYaml(fileName, text);
  if (!isRecord(located.value)) return undefined;
  const kind = azureSrePlanKind(located.value);
  if (kind === 'workflow-template') return workflowTemplatePlan(located, siblings);
  if (kind === 'agent') return agentPlan(located, siblings);
  return undefined;
}

export { azureSrePlanFromYaml, azureSrePlanKind, planIdOf };
export type { AzureSrePlan, SiblingFiles };
