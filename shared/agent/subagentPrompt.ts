import type { MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ConfigError } from '../errors';
import { sortKeys, type ModelToolSpec } from '../llm/modelTool';
import { buildPromptPrefix, type PromptPrefix } from '../llm/promptPrefix';
import { UNTRUSTED_DATA_RULE, wrapUntrusted } from '../llm/untrustedData';
import { toolAllowed, type Hypothesis, type Plan } from '../plans/planSchema';
import type { ResolvedTarget } from '../targets/resolvedTarget';
import type { ToolResult } from '../tools/tool';
import { SUBMIT_VERDICT_TOOL, submitVerdictTool } from './submitVerdictTool';

/** The fixed instructions every hypothesis subagent shares (part of the cached prefix). */
const SUBAGENT_INSTRUCTIONS = [
  'You are an SRE investigating an Azure incident. You test exactly one hypothesis, named in the first user message,',
  'using read-only telemetry tools, and end by calling submit_verdict.',
  '',
  'Rules:',
  '- Query before concluding. Prefer a few precise queries (KQL with explicit time ranges, `take`/`summarize`) to broad dumps.',
  '- A failed tool call is information: read its error, fix the query and try again, or record the gap.',
  '- supported means the evidence shows this hypothesis caused the incident; refuted means the evidence rules it out;',
  '  inconclusive means neither. Cite the tool_use ids of the calls that decided it as evidence.',
  '- Never invent data, ids or numbers. If you could not see something, say so in gaps.',
  `- ${UNTRUSTED_DATA_RULE}`,
].join('\n');

/** Told to the model on its last allowed turn (and enforced by the loop). */
const FINAL_TURN_NOTE =
  `This is your final turn: no more tool calls will run. Call ${SUBMIT_VERDICT_TOOL} now with the evidence you have; ` +
  'use inconclusive and list the gaps if the evidence does not decide the question.';

/** The plan as the model reads it: every hypothesis, so all subagents share one prefix. */
function renderPlanForPrompt(plan: Plan): string {
  const lines = [
    `Plan: ${plan.title} (${plan.id}), mode: ${plan.mode}`,
    plan.description.trim(),
    plan.guidance.trim() ? `\nGuidance:\n${plan.guidance.trim()}` : '',
    '\nHypotheses under test (each by its own subagent):',
    ...plan.hypotheses.map(
      (h) => `- ${h.id} [${h.rootCauseCategory}]: ${h.title}\n  ${h.guidance.trim().replace(/\n/g, '\n  ')}`,
    ),
  ];
  return lines.filter((line) => line !== '').join('\n');
}

/**
 * The prefix for every subagent of an investigation: instructions, the plan's allowed tools
 * plus `submit_verdict`, the plan and the memory index. Same plan, tools and memory ⇒ same bytes.
 *
 * @throws ConfigError when the plan allows a tool that is not available.
 */
function buildSubagentPrefix(input: { plan: Plan; availableTools: ReadonlyArray<ModelToolSpec>; memoryIndex: string }): PromptPrefix {
  const byName = new Map(input.availableTools.map((tool) => [tool.name, tool]));
  const tools: ModelToolSpec[] = [submitVerdictTool];
  const add = (tool: ModelToolSpec): void => {
    if (!tools.includes(tool)) tools.push(tool);
  };
  for (const name of new Set(input.plan.allowedTools)) {
    // An MCP wildcard (`mcp__azure__*`) offers whichever of its tools the investigation has.
    if (/[*?]/.test(name)) {
      input.availableTools.filter((tool) => toolAllowed([name], tool.name)).forEach(add);
      continue;
    }
    const tool = byName.get(name);
    if (!tool) throw new ConfigError(`plan ${input.plan.id}: allowedTools`, `tool '${name}' is not available`);
    add(tool);
  }
  return buildPromptPrefix({
    instructions: SUBAGENT_INSTRUCTIONS,
    tools,
    planText: renderPlanForPrompt(input.plan),
    memoryIndex: input.memoryIndex,
  });
}

/**
 * The resolved target as the model reads it: which workspace, component, resources and role
 * names to query, and how each was resolved; or that the target is unknown and must not be guessed.
 */
function renderTargetForPrompt(target: ResolvedTarget): string {
  if (target.status === 'unknown') {
    return [
      'Target: UNKNOWN. Nothing tied this incident to an Azure resource, workspace or App Insights component.',
      'Do not assume any configured workspace or component belongs to it; use resource_graph_query to find it if you can,',
      'and record the unknown target in gaps.',
      ...target.gaps.map((gap) => `- ${gap}`),
    ].join('\n');
  }
  const lines = [
    `Target (resolved by ${target.method}${target.service ? `: catalog service ${target.service}, matched by ${target.matchedBy}` : ''}). Query this service's telemetry:`,
    `- workspace: ${target.workspace ? `${target.workspace.name} (${target.workspace.how})` : 'none resolved'}`,
    `- App Insights component: ${target.appInsights ? `${target.appInsights.name} (${target.appInsights.how})` : 'none resolved'}`,
    ...(target.roleNames.length > 0 ? [`- cloud role names (AppRoleName): ${target.roleNames.join(', ')}`] : []),
    ...target.resources.map((r) => `- resource: ${r.id} (${r.how})`),
    ...target.gaps.map((gap) => `- gap: ${gap}`),
  ];
  return lines.join('\n');
}

/**
 * The first user message of a subagent: the incident (untrusted, identical for every subagent
 * of the investigation, serialised with sorted keys), the resolved target (identical too), what
 * memory recalled (untrusted too), and then the hypothesis it must test.
 */
function buildOpeningMessage(input: { incident: unknown; hypothesis: Hypothesis; knowledge?: string; target?: ResolvedTarget; memory?: string }): MessageParam {
  const { hypothesis } = input;
  const assignment = [
    `Test this hypothesis: ${hypothesis.id}: ${hypothesis.title} (category ${hypothesis.rootCauseCategory}).`,
    hypothesis.guidance.trim(),
    input.knowledge?.trim() ? `\nRelevant knowledge:\n${input.knowledge.trim()}` : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return {
    role: 'user',
    content: [
      { type: 'text', text: wrapUntrusted('incident', JSON.stringify(sortKeys(input.incident), null, 2)) },
      // Resource names in it come from the alert: untrusted like the incident itself.
      ...(input.target ? [{ type: 'text' as const, text: wrapUntrusted('target', renderTargetForPrompt(input.target)) }] : []),
      // Past incidents and remembered facts (docs/memory.md): per investigation, never in the cached prefix.
      ...(input.memory ? [{ type: 'text' as const, text: wrapUntrusted('memory', input.memory) }] : []),
      { type: 'text', text: assignment },
    ],
  };
}

/** One tool answer to send back: the text the model sees for a `tool_use` id. */
interface ToolAnswer {
  toolUseId: string;
  content: string;
  isError: boolean;
}

/** The user message answering a turn's tool calls, optionally followed by a note (e.g. the final-turn note). */
function buildToolResultsMessage(answers: ReadonlyArray<ToolAnswer>, note?: string): MessageParam {
  const blocks: Array<ToolResultBlockParam | { type: 'text'; text: string }> = answers.map((answer) => ({
    type: 'tool_result',
    tool_use_id: answer.toolUseId,
    content: answer.content,
    ...(answer.isError ? { is_error: true } : {}),
  }));
  if (note) blocks.push({ type: 'text', text: note });
  if (blocks.length === 0) throw new TypeError('a user message needs at least one tool result or a note');
  return { role: 'user', content: blocks };
}

/**
 * What the model sees of a tool result: status, the exact invocation, time range, error and a
 * bounded excerpt of the data (head and tail kept, the middle elided with a count), wrapped as
 * untrusted data. The full result stays in the ToolCallRecord for the report.
 */
function formatToolResultForModel(callId: string, result: ToolResult, maxChars = 6000): string {
  const header = {
    status: result.status,
    tool: result.tool,
    invocation: result.invocation,
    ...(result.timeRange ? { timeRange: result.timeRange } : {}),
    summary: result.summary,
    ...(result.error ? { error: result.error } : {}),
  };
  const data = result.data === undefined ? '' : JSON.stringify(result.data);
  return wrapUntrusted(`tool:${result.tool}#${callId}`, `${JSON.stringify(header)}\n${excerpt(data, maxChars)}`.trim());
}

/** Head and tail of a long text with the elided length in between. */
function excerpt(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = Math.floor(maxChars * 0.7);
  const tail = Math.floor(maxChars * 0.2);
  return `${text.slice(0, head)}\n[... ${text.length - head - tail} characters omitted; narrow the query to see them ...]\n${text.slice(text.length - tail)}`;
}

export {
  SUBAGENT_INSTRUCTIONS,
  FINAL_TURN_NOTE,
  renderPlanForPrompt,
  renderTargetForPrompt,
  buildSubagentPrefix,
  buildOpeningMessage,
  buildToolResultsMessage,
  formatToolResultForModel,
  excerpt,
};
export type { ToolAnswer };
