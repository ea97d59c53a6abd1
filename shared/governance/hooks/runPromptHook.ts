import type Anthropic from '@anthropic-ai/sdk';
import { runModelTurn, type ModelTurnResult } from '../../llm/runModelTurn';
import type { TokenUsage } from '../../llm/tokenUsage';
import { UNTRUSTED_DATA_RULE, wrapUntrusted } from '../../llm/untrustedData';
import type { PromptHook } from './hookConfig';
import type { HookInputJson } from './hookInput';
import { parseHookOutput, type HookDecision } from './hookOutput';

/** The model a prompt hook asks, and the default model id (ANTHROPIC_HOOK_MODEL). */
interface PromptHookModel {
  client: Anthropic;
  defaultModel: string;
}

/** The judge's decision, or why there is none; `usage` whenever the model answered (on-format or not). */
type PromptHookResult = { ok: true; decision: HookDecision; usage: TokenUsage } | { ok: false; error: string; usage?: TokenUsage };

const JUDGE_SYSTEM =
  'You are a policy judge inside an incident responder. Apply the operator\'s instructions to the event and answer ' +
  'with one JSON object only: {"ok": true} or {"ok": false, "reason": "<what must change>"}. ' +
  UNTRUSTED_DATA_RULE;

/** The first balanced `{...}` in a text (models sometimes add a sentence or a code fence). */
function firstJsonObject(text: string): unknown {
  const start = text.indexOf('{');
  if (start === -1) throw new Error('no JSON object in the answer');
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  throw new Error('unterminated JSON object in the answer');
}

/**
 * Runs a prompt hook: the operator's prompt with the event JSON in place of `$ARGUMENTS`
 * (appended when absent, as Azure SRE Agent does), wrapped as untrusted data so a tool result
 * cannot talk the judge round. The answer `{ok, reason}` (or the expanded form) is the verdict.
 */
async function runPromptHook(hook: PromptHook, input: HookInputJson, model: PromptHookModel, timeoutSeconds: number): Promise<PromptHookResult> {
  const context = wrapUntrusted(`hook:${input.hook_event_name}`, JSON.stringify(input, null, 2));
  const prompt = hook.prompt.includes('$ARGUMENTS') ? hook.prompt.split('$ARGUMENTS').join(context) : `${hook.prompt}\n\n${context}`;
  let turn: ModelTurnResult;
  try {
    turn = await runModelTurn(model.client, {
      params: {
        model: hook.model ?? model.defaultModel,
        max_tokens: 512,
        system: JUDGE_SYSTEM,
        messages: [{ role: 'user', content: prompt }],
      },
      toolSchemas: {},
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    return { ok: false, error: `prompt hook ${hook.name} failed: ${(error as Error).message}` };
  }
  try {
    const answer = firstJsonObject(turn.text);
    if (!hasDecision(answer)) throw new Error('the answer has no decision (ok, decision or hookSpecificOutput.permissionDecision)');
    return { ok: true, decision: parseHookOutput(answer, hook.name ?? 'prompt', input.hook_event_name === 'Stop'), usage: turn.usage };
  } catch (error) {
    return { ok: false, error: `prompt hook ${hook.name} answered off-format: ${(error as Error).message}`, usage: turn.usage };
  }
}

/** A judge must decide: `{}` or `{"verdict": "fine"}` is off-format, not a silent allow. */
function hasDecision(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const record = answer as { ok?: unknown; decision?: unknown; hookSpecificOutput?: { permissionDecision?: unknown } };
  return typeof record.ok === 'boolean' || typeof record.decision === 'string' || typeof record.hookSpecificOutput?.permissionDecision === 'string';
}

export { runPromptHook, firstJsonObject };
export type { PromptHookModel, PromptHookResult };
