import { z } from 'zod';
import { parseLocatedYaml, validateLocated } from '../configFile';
import { parseRulePattern } from './globPattern';
import { rulePatternSchema, type PermissionRule, type RuleSet } from './ruleSchema';

/** One rule as written: exactly one of `allow`, `ask`, `deny`, with an optional reason. */
const writtenRuleSchema = z
  .object({
    allow: rulePatternSchema.optional(),
    ask: rulePatternSchema.optional(),
    deny: rulePatternSchema.optional(),
    reason: z.string().min(1).optional(),
  })
  .strict()
  .refine((rule) => [rule.allow, rule.ask, rule.deny].filter((p) => p !== undefined).length === 1, {
    message: 'a rule has exactly one of allow, ask or deny',
  })
  .superRefine((rule, ctx) => {
    const pattern = rule.allow ?? rule.ask ?? rule.deny;
    if (pattern === undefined) return;
    try {
      parseRulePattern(pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

type WrittenRule = z.infer<typeof writtenRuleSchema>;

/** Rules as written (`allow: pattern`) to permission rules, with the line each came from when known. */
function toPermissionRules(written: ReadonlyArray<WrittenRule>, lineOf: (index: number) => number | undefined = () => undefined): PermissionRule[] {
  return written.map((rule, index) => {
    const effect = rule.deny !== undefined ? 'deny' : rule.ask !== undefined ? 'ask' : 'allow';
    const line = lineOf(index);
    return {
      effect,
      pattern: (rule.deny ?? rule.ask ?? rule.allow)!,
      ...(rule.reason ? { reason: rule.reason } : {}),
      ...(line ? { line } : {}),
    };
  });
}

/**
 * The rules file (YAML):
 *
 * ```yaml
 * rules:            # global scope
 *   - deny: azure_cli(az * delete *)
 *     reason: deletions are never automated
 *   - allow: log_analytics_query(*)
 * plans:            # plan scope, by plan id
 *   db-connections:
 *     - allow: azure_cli(az postgres flexible-server show *)
 * ```
 */
const ruleFileSchema = z
  .object({
    rules: z.array(writtenRuleSchema).default([]),
    plans: z.record(z.string().min(1), z.array(writtenRuleSchema)).default({}),
  })
  .strict();

/** The rule sets one file declares: its global rules and its rules per plan id. */
interface RuleFile {
  global: RuleSet;
  plans: Record<string, RuleSet>;
}

/**
 * Parses and validates a rules file. Called at startup (and when the blob copy changes), so a
 * mistake stops the app with its file and line instead of silently widening access.
 *
 * @throws ConfigError `<file>:<line>: <field>: <problem>`
 */
function parseRuleFile(file: string, text: string): RuleFile {
  const located = parseLocatedYaml(file, text);
  const parsed = validateLocated(located, ruleFileSchema.nullable().transform((v) => v ?? { rules: [], plans: {} }));
  const toRules = (written: ReadonlyArray<WrittenRule>, path: ReadonlyArray<PropertyKey>): PermissionRule[] =>
    toPermissionRules(written, (index) => located.lineOf([...path, index]));
  const plans: Record<string, RuleSet> = {};
  for (const [planId, written] of Object.entries(parsed.plans)) {
    plans[planId] = { scope: 'plan', source: `${file} (plan ${planId})`, rules: toRules(written, ['plans', planId]) };
  }
  return { global: { scope: 'global', source: file, rules: toRules(parsed.rules, ['rules']) }, plans };
}

/**
 * The rule sets that apply to one investigation, broadest first: the file's global rules, its
 * rules for the plan, the plan's own `rules:` (e.g. a workflow template's allow / ask / deny
 * lists), and rules given for this investigation alone (e.g. by the operator who
 * started it). Pass the result to `decideToolUse` as `rules`.
 */
function ruleSetsFor(
  file: RuleFile,
  planId: string,
  investigationRules: ReadonlyArray<PermissionRule> = [],
  investigationId = 'this investigation',
  planRules: ReadonlyArray<WrittenRule> = [],
): RuleSet[] {
  const sets: RuleSet[] = [file.global];
  const plan = file.plans[planId];
  if (plan) sets.push(plan);
  if (planRules.length > 0) sets.push({ scope: 'plan', source: `plan ${planId} (its rules:)`, rules: toPermissionRules(planRules) });
  if (investigationRules.length > 0) sets.push({ scope: 'investigation', source: `investigation ${investigationId}`, rules: [...investigationRules] });
  return sets;
}

export { parseRuleFile, ruleSetsFor, ruleFileSchema, writtenRuleSchema, toPermissionRules };
export type { RuleFile };
