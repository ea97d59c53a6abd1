import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { z } from 'zod';
import { buildSubagentPrefix } from '../agent/subagentPrompt';
import { SUBMIT_VERDICT_TOOL, submitVerdictInputSchema } from '../agent/submitVerdictTool';
import { createModelClient } from '../llm/createModelClient';
import { llmSettings, type LlmSettings } from '../llm/llmSettings';
import type { ModelToolSpec } from '../llm/modelTool';
import type { PromptPrefix } from '../llm/promptPrefix';
import { runModelTurn, type ModelTurnResult } from '../llm/runModelTurn';
import { buildTurnRequest } from '../llm/turnRequest';
import { auditRefusedToolCall } from './auditRefusal';
import type { InvestigationContext, ModelTurnInput } from './investigationSchemas';
import { mcpArgumentsSchema } from '../mcp/mcpTool';
import { getTools } from './toolRegistry';

let client: { key: string; client: Anthropic } | undefined;
const prefixes = new Map<string, PromptPrefix>();

/** One client per process and configuration (the SDK keeps connections and retries 429/529 itself). */
function modelClient(settings: LlmSettings): Anthropic {
  const key = `${settings.ANTHROPIC_BASE_URL ?? ''}|${settings.ANTHROPIC_MAX_RETRIES}|${settings.ANTHROPIC_TIMEOUT_MS}`;
  if (!client || client.key !== key) client = { key, client: createModelClient(settings) };
  return client.client;
}

/** The tools offered to the model, as specs (name, model-facing description, zod parameters). */
function modelToolSpecs(context: InvestigationContext, env: NodeJS.ProcessEnv): ModelToolSpec[] {
  const tools = getTools(env);
  const mcp = new Map(context.mcpTools.map((spec) => [spec.name, spec]));
  return context.tools.map((name) => {
    const spec = mcp.get(name);
    if (spec) return { name: spec.name, description: spec.description, parameters: mcpArgumentsSchema, inputSchema: spec.inputSchema };
    const tool = tools.get(name)!;
    return { name: tool.name, description: tool.description, parameters: tool.parameters };
  });
}

/**
 * The cached prefix for a plan: built once per plan and tool set, so every turn of every
 * subagent of every investigation with this plan sends the same bytes (what makes the prompt
 * cache hit).
 */
function prefixFor(context: InvestigationContext, env: NodeJS.ProcessEnv): PromptPrefix {
  const key = `${context.plan.id}|${JSON.stringify(context.plan)}|${context.tools.join(',')}|${JSON.stringify(context.mcpTools)}`;
  let prefix = prefixes.get(key);
  if (!prefix) {
    prefix = buildSubagentPrefix({ plan: context.plan, availableTools: modelToolSpecs(context, env), memoryIndex: '' });
    prefixes.set(key, prefix);
  }
  return prefix;
}

/** Runs one model turn of a hypothesis subagent (one activity = one turn). */
async function runSubagentTurn(input: ModelTurnInput, env: NodeJS.ProcessEnv = process.env): Promise<ModelTurnResult> {
  const settings = llmSettings.load(env);
  const prefix = prefixFor(input.context, env);
  const toolSchemas: Record<string, z.ZodType> = { [SUBMIT_VERDICT_TOOL]: submitVerdictInputSchema };
  for (const spec of modelToolSpecs(input.context, env)) toolSchemas[spec.name] = spec.parameters;
  const params = buildTurnRequest({
    model: settings.ANTHROPIC_MODEL,
    maxTokens: settings.ANTHROPIC_MAX_OUTPUT_TOKENS,
    prefix,
    messages: input.messages as unknown as MessageParam[],
    ...(input.finalTurn ? { finalTool: SUBMIT_VERDICT_TOOL } : {}),
  });
  const turn = await runModelTurn(modelClient(settings), { params, toolSchemas, prices: settings.ANTHROPIC_PRICES_JSON });
  // Calls refused before any tool runs (unknown tool, input that fails its schema) leave an audit trace too.
  for (const call of turn.invalidToolCalls) {
    await auditRefusedToolCall(
      {
        investigationId: input.investigationId,
        hypothesisId: input.hypothesisId,
        toolCallId: call.id,
        tool: call.name,
        code: call.name in toolSchemas ? 'invalid_input' : 'unknown_tool',
        reason: call.error,
        input: call.input,
      },
      env,
    );
  }
  return turn;
}

export { runSubagentTurn, modelClient, prefixFor };
