import type { ToolResult } from '../tools/tool';
import type { HookConfig } from './hooks/hookConfig';
import type { HookRunContext } from './hooks/hookInput';
import { runHooks, type HookOutcome, type RunHooksDeps } from './hooks/runHooks';
import type { Redactor } from './redaction/redactor';
import type { GovernedTool } from './rules/canonicalInvocation';
import { decideToolUse, type MatchedRule, type RunMode, type ToolDecision } from './rules/decideToolUse';

/** What the activity before a tool run returns to the orchestrator. */
interface PreToolGate {
  decision: ToolDecision['decision'];
  reason: string;
  canonical: string;
  matchedRule?: MatchedRule;
  /** The arguments to run with (a PreToolUse hook may have rewritten them; the rules were re-checked). */
  args: Record<string, unknown>;
  rewritten: boolean;
  /** Context hooks asked to show the model (add to the next user message). */
  additionalContext: string[];
  hookOutcomes: HookOutcome[];
}

/** Input of {@link preToolUse}. */
interface PreToolUseGateInput {
  run: HookRunContext;
  tool: GovernedTool;
  toolUseId: string;
  args: Record<string, unknown>;
  rules: ReadonlyArray<unknown>;
  mode: RunMode;
  hooks: HookConfig;
  deps: RunHooksDeps;
}

/**
 * The whole pre-run seam: rules, then PreToolUse hooks, then the rules again on rewritten
 * arguments (a hook cannot rewrite its way past a deny). Hooks only tighten: a hook `allow` never
 * turns a rule's `ask` or `deny` into a run; a hook block denies; a hook `ask` asks.
 */
async function preToolUse(input: PreToolUseGateInput): Promise<PreToolGate> {
  const first = decideToolUse({ tool: input.tool, args: input.args, rules: input.rules, mode: input.mode });
  const base = { args: input.args, rewritten: false, additionalContext: [] as string[], hookOutcomes: [] as HookOutcome[] };
  if (first.decision === 'deny') return { ...first, ...base };
  const verdict = await runHooks('PreToolUse', { ...input.run, toolName: input.tool.name, toolUseId: input.toolUseId, toolInput: input.args }, input.hooks, input.deps);
  const common = { additionalContext: verdict.additionalContext, hookOutcomes: verdict.outcomes };
  if (verdict.type === 'block') {
    return { decision: 'deny', reason: `blocked by hook ${verdict.blockedBy}: ${verdict.reason}`, canonical: first.canonical, args: input.args, rewritten: false, ...common };
  }
  const args = verdict.toolInput ?? input.args;
  const second = verdict.rewritten ? decideToolUse({ tool: input.tool, args, rules: input.rules, mode: input.mode }) : first;
  const rewritten = verdict.rewritten;
  if (second.decision === 'deny') return { ...second, args, rewritten, ...common };
  if (verdict.type === 'ask' && second.decision === 'allow') {
    return { decision: 'ask', reason: `needs approval: ${verdict.reason}`, canonical: second.canonical, args, rewritten, ...common };
  }
  return { ...second, args, rewritten, ...common };
}

/** What the model sees after a tool ran. */
interface PostToolGate {
  /** The result to hand the model: redacted, possibly rewritten, or an error when a hook blocked it. */
  result: ToolResult;
  blocked: boolean;
  additionalContext: string[];
  hookOutcomes: HookOutcome[];
}

/**
 * The post-run seam: redact the result, run PostToolUse hooks on it, redact again (a hook's
 * rewrite is outside text too). A block replaces the result with an `error` the model can read.
 */
async function postToolUse(input: { run: HookRunContext; tool: GovernedTool; toolUseId: string; args: Record<string, unknown>; result: ToolResult; hooks: HookConfig; deps: RunHooksDeps & { redactor: Redactor } }): Promise<PostToolGate> {
  const redacted = input.deps.redactor.redactDeep(input.result);
  const verdict = await runHooks(
    'PostToolUse',
    { ...input.run, toolName: input.tool.name, toolUseId: input.toolUseId, toolInput: input.args, toolResult: redacted, toolSucceeded: redacted.status !== 'error' },
    input.hooks,
    input.deps,
  );
  if (verdict.type === 'block') {
    const result: ToolResult = {
      ...redacted,
      status: 'error',
      data: undefined,
      error: { code: 'blocked_by_hook', message: verdict.reason },
      summary: `result withheld by hook ${verdict.blockedBy}`,
    };
    return { result, blocked: true, additionalContext: verdict.additionalContext, hookOutcomes: verdict.outcomes };
  }
  let result = redacted;
  if (verdict.type === 'allow' && verdict.rewritten && verdict.toolResult !== undefined) {
    const rewritten = verdict.toolResult;
    result = input.deps.redactor.redactDeep(
      rewritten !== null && typeof rewritten === 'object' && 'status' in rewritten && 'tool' in rewritten ? (rewritten as ToolResult) : { ...redacted, data: rewritten },
    );
  }
  return { result, blocked: false, additionalContext: verdict.additionalContext, hookOutcomes: verdict.outcomes };
}

export { preToolUse, postToolUse };
export type { PreToolGate, PostToolGate, PreToolUseGateInput };
