import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Redactor } from '../redaction/redactor';
import { tokenUsageSchema, addUsage, ZERO_USAGE, type TokenUsage } from '../../llm/tokenUsage';
import { failModeOf, hookMatches, type HookConfig, type HookDefinition, type HookEvent } from './hookConfig';
import { hookInputJson, type PostToolUseInput, type PreToolUseInput, type StopInput } from './hookInput';
import { runCommandHook } from './runCommandHook';
import { runPromptHook, type PromptHookModel } from './runPromptHook';

/** One hook's part in a run, for the audit log. */
const hookOutcomeSchema = z.object({
  hook: z.string(),
  type: z.enum(['command', 'prompt']),
  decision: z.enum(['allow', 'block', 'ask', 'skipped']),
  reason: z.string().optional(),
  /** Set when the hook failed and its fail mode decided. */
  failure: z.string().optional(),
  rewrote: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** Model usage of a prompt hook (counted in the investigation's usage). */
  usage: tokenUsageSchema.optional(),
});

/**
 * The aggregated verdict of every matching hook for one event. Block wins; rewrites are applied
 * in hook order (each hook sees the previous one's rewrite); `ask` (PreToolUse) escalates to an
 * approval unless a later hook blocks.
 *
 * - `allow`: proceed with `toolInput` (Pre) / `toolResult` (Post), possibly rewritten.
 * - `ask`: PreToolUse only: a hook wants a human to approve this call.
 * - `block`: Pre: do not run, tell the model `reason`; Post: replace the result with `reason`;
 *   Stop: reject the report with `reason` as feedback.
 */
const hookVerdictSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('allow'),
    toolInput: z.record(z.string(), z.unknown()).optional(),
    toolResult: z.unknown().optional(),
    rewritten: z.boolean(),
    additionalContext: z.array(z.string()),
    outcomes: z.array(hookOutcomeSchema),
    /** Stop only: accepted because the rejection limit was reached, not because hooks agreed. */
    forcedByMaxRejections: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('ask'),
    reason: z.string(),
    toolInput: z.record(z.string(), z.unknown()).optional(),
    rewritten: z.boolean(),
    additionalContext: z.array(z.string()),
    outcomes: z.array(hookOutcomeSchema),
  }),
  z.object({ type: z.literal('block'), reason: z.string(), blockedBy: z.string(), additionalContext: z.array(z.string()), outcomes: z.array(hookOutcomeSchema) }),
]);

type HookOutcome = z.infer<typeof hookOutcomeSchema>;
type HookVerdict = z.infer<typeof hookVerdictSchema>;

/** What hooks need from the app. */
interface RunHooksDeps {
  /** Needed only when a prompt hook matches; without it a prompt hook fails (and its fail mode applies). */
  model?: PromptHookModel;
  /** Applied to the event before any hook sees it (hooks are outside the process). */
  redactor?: Redactor;
  /** Upper bound on any hook's timeout in seconds (GOVERNANCE_HOOK_TIMEOUT_MAX_SECONDS). @default 300 */
  maxTimeoutSeconds?: number;
  /** Environment command hooks resolve `${env:NAME}` from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Rejections after which prompt Stop hooks accept the report anyway, unless `maxRejections` says otherwise. */
const DEFAULT_MAX_REJECTIONS = 3;

type EventInput<E extends HookEvent> = E extends 'PreToolUse' ? PreToolUseInput : E extends 'PostToolUse' ? PostToolUseInput : StopInput;

/**
 * Runs the hooks of one event in order and aggregates their verdicts (see {@link hookVerdictSchema}).
 * A hook that errors, hangs past its timeout or answers nonsense counts as its `failMode` says.
 *
 * @example
 * const verdict = await runHooks('PreToolUse', { ...run, toolName: 'log_analytics_query', toolUseId: 'toolu_1', toolInput: args }, hooks, { redactor });
 * if (verdict.type === 'block') answerModelWithError(verdict.reason);
 */
async function runHooks<E extends HookEvent>(event: E, input: EventInput<E>, hooks: HookConfig, deps: RunHooksDeps = {}): Promise<HookVerdict> {
  const toolName = 'toolName' in input ? input.toolName : undefined;
  const matching = hooks[event].filter((hook) => hookMatches(hook, event, toolName));
  const outcomes: HookOutcome[] = [];
  const additionalContext: string[] = [];
  let toolInput = 'toolInput' in input ? input.toolInput : undefined;
  let toolResult = 'toolResult' in input ? input.toolResult : undefined;
  let rewritten = false;
  let ask: string | undefined;
  let forced = false;

  const promptLimit = event === 'Stop' ? promptRejectionLimit(matching) : undefined;
  for (const hook of matching) {
    const started = performance.now();
    const name = hook.name ?? event;
    if (hook.type === 'prompt' && promptLimit !== undefined) {
      const limit = promptLimit;
      const count = (input as StopInput).stopRejectionCount;
      if (count >= limit) {
        forced = true;
        outcomes.push({ hook: name, type: hook.type, decision: 'skipped', reason: `rejection limit ${limit} reached`, rewrote: false, durationMs: 0 });
        continue;
      }
    }
    const current = { ...input, ...(toolInput ? { toolInput } : {}), ...(toolResult !== undefined ? { toolResult } : {}) } as EventInput<E>;
    const json = hookInputJson(event, current);
    const safeJson = deps.redactor ? deps.redactor.redactDeep(json) : json;
    const timeout = Math.min(hook.timeout, deps.maxTimeoutSeconds ?? 300);
    const result = await runOne(hook, safeJson, hooks.baseDir, timeout, deps);
    const durationMs = Math.round(performance.now() - started);
    const usage: { usage?: TokenUsage } = 'usage' in result && result.usage ? { usage: result.usage as TokenUsage } : {};
    if (!result.ok) {
      const failedDecision = failModeOf(hook);
      outcomes.push({ hook: name, type: hook.type, decision: failedDecision, failure: result.error, rewrote: false, durationMs, ...usage });
      if (failedDecision === 'block') {
        return { type: 'block', reason: `blocked: hook ${name} failed and fails closed (${result.error})`, blockedBy: name, additionalContext, outcomes };
      }
      continue;
    }
    const decision = result.decision;
    if (decision.additionalContext) additionalContext.push(decision.additionalContext);
    if (decision.decision === 'block') {
      outcomes.push({ hook: name, type: hook.type, decision: 'block', reason: decision.reason, rewrote: false, durationMs, ...usage });
      return { type: 'block', reason: decision.reason, blockedBy: name, additionalContext, outcomes };
    }
    if (decision.decision === 'ask') {
      if (event === 'PreToolUse') ask ??= decision.reason;
      outcomes.push({ hook: name, type: hook.type, decision: event === 'PreToolUse' ? 'ask' : 'allow', reason: decision.reason, rewrote: false, durationMs, ...usage });
      continue;
    }
    let rewrote = false;
    if (event === 'PreToolUse' && decision.updatedInput) {
      toolInput = decision.updatedInput;
      rewrote = true;
    }
    if (event === 'PostToolUse' && decision.updatedResult !== undefined) {
      toolResult = decision.updatedResult;
      rewrote = true;
    }
    rewritten ||= rewrote;
    outcomes.push({ hook: name, type: hook.type, decision: 'allow', rewrote, durationMs, ...usage });
  }

  const values = { ...(toolInput ? { toolInput } : {}), rewritten, additionalContext, outcomes };
  if (ask !== undefined) return { type: 'ask', reason: ask, ...values };
  return { type: 'allow', ...values, ...(event === 'PostToolUse' ? { toolResult } : {}), ...(forced ? { forcedByMaxRejections: true } : {}) };
}

/**
 * The rejection limit of prompt Stop hooks: the largest `maxRejections` among them (default 3),
 * as Azure SRE Agent documents. Command Stop hooks have no limit: they keep blocking.
 */
function promptRejectionLimit(hooks: ReadonlyArray<HookDefinition>): number | undefined {
  const limits = hooks.flatMap((hook) => (hook.type === 'prompt' ? [hook.maxRejections ?? DEFAULT_MAX_REJECTIONS] : []));
  return limits.length > 0 ? Math.max(...limits) : undefined;
}

/** Model usage of the prompt hooks among `outcomes` (zero when none ran). */
function hookUsage(outcomes: ReadonlyArray<HookOutcome>): TokenUsage {
  return addUsage(ZERO_USAGE, ...outcomes.flatMap((outcome) => (outcome.usage ? [outcome.usage] : [])));
}

async function runOne(hook: HookDefinition, json: ReturnType<typeof hookInputJson>, baseDir: string, timeout: number, deps: RunHooksDeps) {
  if (hook.type === 'command') return runCommandHook(hook, json, baseDir, timeout, deps.env ?? process.env);
  if (!deps.model) return { ok: false as const, error: `prompt hook ${hook.name} needs a model, and none is configured (deterministic mode)` };
  return runPromptHook(hook, json, deps.model, timeout);
}

export { runHooks, hookUsage, hookVerdictSchema, hookOutcomeSchema };
export type { HookVerdict, HookOutcome, RunHooksDeps };
