import { z } from 'zod';

/** What a rule does with the invocations it matches. */
const ruleEffectSchema = z.enum(['allow', 'ask', 'deny']);

/** Where a rule set comes from. Deny at any scope wins; see `decideToolUse`. */
const ruleScopeSchema = z.enum(['global', 'plan', 'investigation']);

/**
 * `tool` or `tool(argument glob)`: the tool part is a glob over the canonical tool name
 * (`log_analytics_query`, `mcp:datadog/*`), the argument part a glob over the canonical
 * arguments (`az * delete *`). `*` matches anything, `?` one character; a trailing ` *` also
 * matches nothing, so `az * delete *` matches `az group delete`.
 */
const rulePatternSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_:/*?.-]+(?:\([\s\S]*\))?$/, 'expected tool or tool(argument glob), e.g. azure_cli(az * delete *) or mcp:datadog/*');

/** One permission rule. */
const permissionRuleSchema = z.object({
  effect: ruleEffectSchema,
  pattern: rulePatternSchema,
  /** Why the rule exists; a deny's reason is what the model reads. */
  reason: z.string().optional(),
  /** Line in the file the rule was read from, for messages and the audit log. */
  line: z.number().int().positive().optional(),
});

/** The rules of one scope, with where they were read from. */
const ruleSetSchema = z.object({
  scope: ruleScopeSchema,
  /** File, blob or `plan:<id>` / `investigation:<id>` the rules came from. */
  source: z.string().min(1),
  rules: z.array(permissionRuleSchema),
});

type RuleEffect = z.infer<typeof ruleEffectSchema>;
type RuleScope = z.infer<typeof ruleScopeSchema>;
type PermissionRule = z.infer<typeof permissionRuleSchema>;
type RuleSet = z.infer<typeof ruleSetSchema>;

export { ruleEffectSchema, ruleScopeSchema, rulePatternSchema, permissionRuleSchema, ruleSetSchema };
export type { RuleEffect, RuleScope, PermissionRule, RuleSet };
