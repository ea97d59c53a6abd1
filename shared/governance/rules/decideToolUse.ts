import { z } from 'zod';
import { canonicalInvocation, type GovernedTool } from './canonicalInvocation';
import { parseRulePattern } from './globPattern';
import { ruleSetSchema, type PermissionRule, type RuleEffect, type RuleScope } from './ruleSchema';

/** How far an `ask` goes: review waits for a human; autonomous lets default asks through. */
const runModeSchema = z.enum(['review', 'autonomous']);

/** The rule that decided, as it appears in the audit log and in the reason. */
const matchedRuleSchema = z.object({
  effect: z.enum(['allow', 'ask', 'deny']),
  pattern: z.string(),
  scope: z.enum(['global', 'plan', 'investigation']),
  source: z.string(),
  line: z.number().int().optional(),
  reason: z.string().optional(),
});

/**
 * The policy decision for one tool call. Serialisable: it crosses the activity boundary to the
 * orchestrator, which waits for an approval on `ask`.
 *
 * - `allow`: run it.
 * - `deny`: do not run it; answer the model with `reason` as an `is_error` tool result.
 * - `ask`: record a pending approval and wait for a human (or the timeout, which denies).
 */
const toolDecisionSchema = z.object({
  decision: z.enum(['allow', 'deny', 'ask']),
  matchedRule: matchedRuleSchema.optional(),
  /** Why, in one sentence the model and an auditor can both read. */
  reason: z.string(),
  /** The canonical invocation the rules were matched against, e.g. `azure_cli(az group delete -n rg1)`. */
  canonical: z.string(),
});

type RunMode = z.infer<typeof runModeSchema>;
type MatchedRule = z.infer<typeof matchedRuleSchema>;
type ToolDecision = z.infer<typeof toolDecisionSchema>;

/** Input of {@link decideToolUse}. */
interface DecideToolUseInput {
  tool: GovernedTool;
  /** The call's arguments as parsed by the tool's schema (or as rewritten by a PreToolUse hook). */
  args: unknown;
  /** Global, plan and investigation rule sets; anything that fails their schema denies the call. */
  rules: ReadonlyArray<unknown>;
  mode: RunMode;
}

const SEVERITY: Record<RuleEffect, number> = { allow: 0, ask: 1, deny: 2 };
const SCOPE_ORDER: Record<RuleScope, number> = { global: 0, plan: 1, investigation: 2 };

function describeRule(rule: MatchedRule): string {
  const where = `${rule.scope}, ${rule.source}${rule.line ? `:${rule.line}` : ''}`;
  return `rule '${rule.effect}: ${rule.pattern}' (${where})${rule.reason ? `: ${rule.reason}` : ''}`;
}

/**
 * Decides whether a tool call may run. Pure and deterministic, so it can run in an activity or
 * be replayed in a test with the same answer.
 *
 * The most restrictive matching rule wins across every scope (deny > ask > allow), so a narrower
 * scope can never reopen what a broader one denies or asks for. With no matching rule, read-only
 * tools are allowed and write tools asked. Fail closed: a rule set that fails validation, a rule
 * that cannot be compiled, or arguments a rule needs but that cannot be normalised (a shell
 * operator in a command) deny the call. The mode only changes default asks: autonomous runs
 * let an unruled write through, while an explicit `ask` rule still waits for a human.
 *
 * @example
 * decideToolUse({ tool: { name: 'azure_cli', readOnly: false }, args: { command: 'az group delete -n rg1' },
 *   rules: [{ scope: 'global', source: 'config/rules.yaml', rules: [{ effect: 'deny', pattern: 'azure_cli(az * delete *)' }] }],
 *   mode: 'autonomous' }).decision; // 'deny'
 */
function decideToolUse(input: DecideToolUseInput): ToolDecision {
  const invocation = canonicalInvocation(input.tool, input.args);
  const canonical = invocation.text;
  const deny = (reason: string, matchedRule?: MatchedRule): ToolDecision => ({ decision: 'deny', reason, canonical, ...(matchedRule ? { matchedRule } : {}) });

  const mode = runModeSchema.safeParse(input.mode);
  if (!mode.success) return deny(`denied: the run mode '${String(input.mode)}' is not review or autonomous (fail closed)`);

  const matches: MatchedRule[] = [];
  for (const [setIndex, rawSet] of input.rules.entries()) {
    const parsed = ruleSetSchema.safeParse(rawSet);
    if (!parsed.success) return deny(`denied: rule set #${setIndex + 1} could not be evaluated (${parsed.error.issues[0]?.message ?? 'invalid'}); governance fails closed`);
    const set = parsed.data;
    for (const rule of set.rules) {
      const located: MatchedRule = { ...ruleFields(rule), scope: set.scope, source: set.source };
      let compiled: ReturnType<typeof parseRulePattern>;
      try {
        compiled = parseRulePattern(rule.pattern);
      } catch (error) {
        return deny(`denied: ${describeRule(located)} could not be evaluated (${(error as Error).message}); governance fails closed`, located);
      }
      // MCP tools answer to both spellings: `mcp:azure/*` and `mcp__azure__*`.
      if (!compiled.tool.test(invocation.name) && !compiled.tool.test(input.tool.name)) continue;
      if (compiled.args) {
        if (invocation.args === undefined) {
          return deny(
            `denied: ${describeRule(located)} could not be evaluated because the arguments cannot be normalised (${invocation.problem ?? 'unknown shape'}); rewrite the call as one plain command`,
            located,
          );
        }
        if (!compiled.args.test(invocation.args)) continue;
      }
      matches.push(located);
    }
  }

  const winner = matches.reduce<MatchedRule | undefined>((best, rule) => {
    if (!best) return rule;
    if (SEVERITY[rule.effect] !== SEVERITY[best.effect]) return SEVERITY[rule.effect] > SEVERITY[best.effect] ? rule : best;
    // Same effect: report the broadest scope, the one an operator would look at first.
    return SCOPE_ORDER[rule.scope] < SCOPE_ORDER[best.scope] ? rule : best;
  }, undefined);

  if (winner?.effect === 'deny') return deny(`denied by ${describeRule(winner)}`, winner);
  if (winner?.effect === 'ask') {
    return { decision: 'ask', matchedRule: winner, reason: `needs approval by ${describeRule(winner)}`, canonical };
  }
  if (winner?.effect === 'allow') return { decision: 'allow', matchedRule: winner, reason: `allowed by ${describeRule(winner)}`, canonical };
  if (input.tool.readOnly) return { decision: 'allow', reason: 'allowed: read-only tool and no rule matches', canonical };
  if (mode.data === 'autonomous') return { decision: 'allow', reason: 'allowed: write tool with no matching rule, autonomous mode', canonical };
  return { decision: 'ask', reason: 'needs approval: write tool with no matching rule, review mode', canonical };
}

function ruleFields(rule: PermissionRule): Pick<MatchedRule, 'effect' | 'pattern' | 'line' | 'reason'> {
  return {
    effect: rule.effect,
    pattern: rule.pattern,
    ...(rule.line !== undefined ? { line: rule.line } : {}),
    ...(rule.reason !== undefined ? { reason: rule.reason } : {}),
  };
}

export { decideToolUse, toolDecisionSchema, matchedRuleSchema, runModeSchema };
export type { DecideToolUseInput, ToolDecision, MatchedRule, RunMode };
