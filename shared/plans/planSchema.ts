import { z } from 'zod';
import { writtenRuleSchema } from '../governance/rules/ruleFile';
import { parseIsoDuration } from '../governance/approvals/isoDuration';
import { globToRegExp } from '../governance/rules/globPattern';
import { customCategorySchema, isBuiltInCategory, ROOT_CAUSE_CATEGORIES, rootCauseCategorySchema, UNDETERMINED } from './rootCauseCategory';
import { checkExpression, collectTemplateExpressions } from './templating';

/**
 * The response plan format. A plan says which incidents it takes, how far its subagents may go
 * (budgets, tools), which hypotheses they test and where results go. Plans are YAML files, or
 * Markdown with YAML front matter whose body becomes `guidance`. See docs/plans.md.
 *
 * @example
 * id: http-5xx-after-deploy
 * title: HTTP 5xx after a deployment
 * priority: 50
 * match: { severity: { min: Sev0, max: Sev2 }, titleContains: ['5xx', 'Http Server Errors'] }
 * mode: review
 * allowedTools: [app_insights_query, resource_graph_query]
 * hypotheses:
 *   - id: bad-deployment
 *     title: A recent deployment introduced the errors
 *     rootCauseCategory: bad_deployment
 *     guidance: Compare failure rates before and after the last deployment.
 */

const SEVERITIES = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;
const severitySchema = z.enum(SEVERITIES);

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lowercase slug (letters, digits, - or _), at most 64 characters');
const toolName = z
  .string()
  .regex(/^(?:[a-z][a-z0-9_]{0,63}|mcp__[a-z][a-z0-9-]{0,30}__[A-Za-z0-9_-]{1,64})$/, 'must be a snake_case tool name or mcp__<server>__<tool>');
/** A tool name, or for MCP tools a glob over them (`mcp__azure__*`, `mcp__azure__monitor_*`). */
const allowedToolPattern = z
  .string()
  .regex(
    /^(?:[a-z][a-z0-9_]{0,63}|mcp__[a-z][a-z0-9-]{0,30}__[A-Za-z0-9_*?-]{1,64})$/,
    'must be a snake_case tool name, mcp__<server>__<tool>, or a wildcard such as mcp__azure__*',
  );

/** True when `name` is one of the allowed tools or matches one of their MCP wildcards. */
function toolAllowed(patterns: ReadonlyArray<string>, name: string): boolean {
  return patterns.some((pattern) => pattern === name || (/[*?]/.test(pattern) && globToRegExp(pattern).test(name)));
}
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** A JSONata expression, checked to compile when the plan loads (not when an incident arrives). */
const jsonataExpression = z
  .string()
  .min(1)
  .superRefine((expression, ctx) => {
    try {
      checkExpression(expression);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });

/**
 * Severity filter: a list of severities, or an inclusive range over the severity number
 * (`{min: Sev0, max: Sev2}` takes Sev0, Sev1 and Sev2; Sev0 is the most severe).
 */
const severityFilterSchema = z.union([
  z.array(severitySchema).min(1),
  z
    .object({ min: severitySchema.default('Sev0'), max: severitySchema.default('Sev4') })
    .strict()
    .refine((range) => SEVERITIES.indexOf(range.min) <= SEVERITIES.indexOf(range.max), {
      message: 'min must not come after max (Sev0 is the lowest number)',
    }),
]);

/** Which incidents a plan takes; every filter given must match. `{}` matches everything (the default plan). */
const planMatchSchema = z
  .object({
    /** Incident source(s): `azure-monitor`, `event-grid`, `pagerduty`, `servicenow` (case-insensitive). */
    source: oneOrMany.optional(),
    severity: severityFilterSchema.optional(),
    /** The title contains any of these (case-insensitive). */
    titleContains: oneOrMany.optional(),
    /** A regular expression the title matches (case-insensitive). */
    titleRegex: z
      .string()
      .min(1)
      .refine(
        (pattern) => {
          try {
            new RegExp(pattern, 'i');
            return true;
          } catch {
            return false;
          }
        },
        { message: 'is not a valid regular expression' },
      )
      .optional(),
    /** Service name(s) (case-insensitive, exact). */
    service: oneOrMany.optional(),
    /** ARM resource type(s) of any affected resource, e.g. `Microsoft.Web/sites` (case-insensitive). */
    resourceType: oneOrMany.optional(),
    /** Resource group(s) of any affected resource (case-insensitive). */
    resourceGroup: oneOrMany.optional(),
    /** Azure Monitor condition: `Fired` or `Resolved`. */
    monitorCondition: z.enum(['Fired', 'Resolved']).optional(),
  })
  .strict();

/** Limits for one scope; every value is a hard ceiling. */
const budgetLimitsSchema = z
  .object({
    maxTurns: z.number().int().positive(),
    /** Input + output + cache read + cache write tokens. */
    maxTokens: z.number().int().positive(),
    maxToolCalls: z.number().int().nonnegative(),
    wallTimeSeconds: z.number().int().positive(),
    /** Estimated model cost in US dollars (price table of pricing.ts); no cost limit when absent. */
    maxCostUsd: z.number().positive().optional(),
  })
  .strict();

/** Defaults when a plan says nothing; chosen so one investigation costs cents, not dollars. */
const DEFAULT_HYPOTHESIS_BUDGET = { maxTurns: 8, maxTokens: 200_000, maxToolCalls: 12, wallTimeSeconds: 300 } as const;
const DEFAULT_INVESTIGATION_BUDGET = { maxTurns: 40, maxTokens: 1_000_000, maxToolCalls: 60, wallTimeSeconds: 900 } as const;

const planBudgetsSchema = z
  .object({
    perHypothesis: budgetLimitsSchema.partial().strict().default({}).transform((b) => ({ ...DEFAULT_HYPOTHESIS_BUDGET, ...b })),
    perInvestigation: budgetLimitsSchema
      .partial()
      .strict()
      .default({})
      .transform((b) => ({ ...DEFAULT_INVESTIGATION_BUDGET, ...b })),
  })
  .strict();

/** A deterministic check: one tool call whose arguments may use `{{ jsonata }}` templates over the incident. */
const planCheckSchema = z
  .object({
    id: slug,
    tool: toolName,
    description: z.string().optional(),
    /**
     * When this check applies: JSONata over `{incident, window, targets, checks}` (`checks` holds
     * the results of the checks listed before it). Falsy ⇒ the check is `skipped`, not a failure.
     */
    when: jsonataExpression.optional(),
    arguments: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((check, ctx) => {
    for (const expression of collectTemplateExpressions(check.arguments)) {
      try {
        checkExpression(expression);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['arguments'], message: error instanceof Error ? error.message : String(error) });
      }
    }
  });

/**
 * A verdict rule: when `when` (JSONata over `{checks, incident}`) is truthy, the hypothesis gets
 * `verdict` with `confidence` (a number, or a JSONata expression giving one). Rules are tried in
 * order; the first that holds wins; none ⇒ inconclusive.
 */
const verdictRuleSchema = z
  .object({
    when: jsonataExpression,
    verdict: z.enum(['supported', 'refuted', 'inconclusive']),
    confidence: z.union([z.number().min(0).max(1), jsonataExpression]),
    /** Text for the report; may use `{{ jsonata }}` over the same input. */
    summary: z.string().min(1),
    /** Ids of the checks that decide this rule; default: every check that returned data. */
    evidence: z.array(slug).optional(),
  })
  .strict();

/** An ISO 8601 duration such as PT5M (what a verification waits before it looks again). */
const isoDurationSchema = z.string().refine((value) => (parseIsoDuration(value) ?? 0) > 0, { message: 'must be a positive ISO 8601 duration such as PT5M' });

/**
 * A remediation: an executable tool call to run when the hypothesis is supported (restart a web
 * app, swap a slot back, scale out). Arguments use `{{ jsonata }}` over `{incident, window,
 * targets, verdict, checks}` (`checks.<checkId>` is that check's result). In review mode it waits
 * for a human's approval; in autonomous mode it runs unless a rule asks or denies. `verify`
 * re-runs one of the hypothesis's checks (its symptom) after a delay and records whether the
 * JSONata `cleared` expression (over `{check, incident}`) holds.
 */
const remediationSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    tool: toolName,
    arguments: z.record(z.string(), z.unknown()).default({}),
    verify: z
      .object({
        /** Id of a check of this hypothesis: the symptom to look at again. */
        check: slug,
        after: isoDurationSchema.default('PT5M'),
        cleared: jsonataExpression,
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((action, ctx) => {
    for (const expression of collectTemplateExpressions(action.arguments)) {
      try {
        checkExpression(expression);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['arguments'], message: error instanceof Error ? error.message : String(error) });
      }
    }
  });

const hypothesisSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    /** What the model should look for and how to decide; also shown in the report. */
    guidance: z.string().min(1),
    rootCauseCategory: rootCauseCategorySchema,
    checks: z.array(planCheckSchema).default([]),
    verdictRules: z.array(verdictRuleSchema).default([]),
    /** Actions to propose when this hypothesis is supported (deterministic mode uses them as-is). */
    recommendedActions: z.array(z.string().min(1)).default([]),
    /** Executable actions to take when this hypothesis is supported (see {@link remediationSchema}). */
    remediations: z.array(remediationSchema).default([]),
  })
  .strict()
  .superRefine((hypothesis, ctx) => {
    const declaredChecks = new Set(hypothesis.checks.map((check) => check.id));
    const actionIds = new Set<string>();
    hypothesis.remediations.forEach((action, index) => {
      if (actionIds.has(action.id)) ctx.addIssue({ code: 'custom', path: ['remediations', index, 'id'], message: `duplicate remediation id '${action.id}'` });
      actionIds.add(action.id);
      if (action.verify && !declaredChecks.has(action.verify.check)) {
        ctx.addIssue({ code: 'custom', path: ['remediations', index, 'verify', 'check'], message: `no check with id '${action.verify.check}'` });
      }
    });
    const checkIds = new Set<string>();
    hypothesis.checks.forEach((check, index) => {
      if (checkIds.has(check.id)) ctx.addIssue({ code: 'custom', path: ['checks', index, 'id'], message: `duplicate check id '${check.id}'` });
      checkIds.add(check.id);
    });
    if (hypothesis.checks.length > 0 && hypothesis.verdictRules.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['verdictRules'], message: 'a hypothesis with checks needs at least one verdict rule' });
    }
    hypothesis.verdictRules.forEach((rule, ruleIndex) => {
      (rule.evidence ?? []).forEach((id, index) => {
        if (!checkIds.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['verdictRules', ruleIndex, 'evidence', index], message: `no check with id '${id}'` });
        }
      });
    });
  });

const planSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    id: slug,
    title: z.string().min(1),
    description: z.string().default(''),
    /** Tie-breaker between equally specific plans: higher wins. */
    priority: z.number().int().default(0),
    match: planMatchSchema.default({}),
    /** `review`: actions are proposals for a human; `autonomous`: approved rules may act. */
    mode: z.enum(['review', 'autonomous']).default('review'),
    budgets: planBudgetsSchema.prefault({}),
    /** Tools the subagents may use; MCP tools by name or wildcard (`mcp__azure__*`). */
    allowedTools: z.array(allowedToolPattern).default([]),
    /**
     * Permission rules of this plan (same form as the rules file: `- allow: tool(args)`), applied
     * in plan scope after the rules file's own rules for this plan. Deny still wins everywhere.
     */
    rules: z.array(writtenRuleSchema).default([]),
    /**
     * `incident` (default): incidents are matched to the plan by `match`. `manual`: the plan takes
     * no incident by itself; it runs when started by id (POST /api/investigations with planId, or
     * a scheduled task), like an Azure SRE Agent custom agent or HTTP-trigger workflow.
     */
    trigger: z.enum(['incident', 'manual']).default('incident'),
    /**
     * How long, from its first alert, later alerts of the same group keep joining an
     * investigation this plan takes (ISO 8601, e.g. PT3H); default INGEST_GROUP_WINDOW_MINUTES.
     * Azure SRE Agent's workflow-template `merge_window`.
     */
    groupWindow: isoDurationSchema.optional(),
    hypotheses: z.array(hypothesisSchema).min(1),
    /** Knowledge files to load into the subagents' context (names in the knowledge store). */
    knowledge: z.array(z.string().min(1)).default([]),
    /** Where results go (destination names resolved by the write-back step). */
    destinations: z
      .array(
        z
          .string()
          .regex(
            /^(source|pagerduty|servicenow|azure-monitor|teams|event-grid)(:[a-z0-9=,-]+)?$/,
            'must be source, pagerduty, servicenow, azure-monitor, teams or event-grid, optionally with :options',
          ),
      )
      .default([]),
    /** Extra guidance for every subagent (the Markdown body of a `.md` plan). */
    guidance: z.string().default(''),
    /**
     * Root-cause categories of this plan beyond the built-in taxonomy (rootCauseCategory.ts),
     * each with an area and a description; its hypotheses may then name them.
     */
    categories: z.array(customCategorySchema).default([]),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const hypothesisIds = new Set<string>();
    const declared = new Set<string>();
    plan.categories.forEach((category, index) => {
      if (declared.has(category.id)) ctx.addIssue({ code: 'custom', path: ['categories', index, 'id'], message: `duplicate category '${category.id}'` });
      declared.add(category.id);
    });
    plan.hypotheses.forEach((hypothesis, hIndex) => {
      const category = hypothesis.rootCauseCategory;
      if (category === UNDETERMINED) {
        ctx.addIssue({ code: 'custom', path: ['hypotheses', hIndex, 'rootCauseCategory'], message: `'${UNDETERMINED}' is what a report says when no hypothesis is supported, not a hypothesis category` });
      } else if (!isBuiltInCategory(category) && !declared.has(category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hypotheses', hIndex, 'rootCauseCategory'],
          message: `unknown category '${category}': use a built-in one (${ROOT_CAUSE_CATEGORIES.join(', ')}) or declare it under categories`,
        });
      }
      if (hypothesisIds.has(hypothesis.id)) {
        ctx.addIssue({ code: 'custom', path: ['hypotheses', hIndex, 'id'], message: `duplicate hypothesis id '${hypothesis.id}'` });
      }
      hypothesisIds.add(hypothesis.id);
      hypothesis.remediations.forEach((action, aIndex) => {
        if (!toolAllowed(plan.allowedTools, action.tool)) {
          ctx.addIssue({ code: 'custom', path: ['hypotheses', hIndex, 'remediations', aIndex, 'tool'], message: `tool '${action.tool}' is not in allowedTools` });
        }
      });
      hypothesis.checks.forEach((check, cIndex) => {
        if (!toolAllowed(plan.allowedTools, check.tool)) {
          ctx.addIssue({
            code: 'custom',
            path: ['hypotheses', hIndex, 'checks', cIndex, 'tool'],
            message: `tool '${check.tool}' is not in allowedTools`,
          });
        }
      });
    });
  });

type Severity = z.infer<typeof severitySchema>;
type PlanMatch = z.infer<typeof planMatchSchema>;
type BudgetLimits = z.infer<typeof budgetLimitsSchema>;
type PlanBudgets = z.infer<typeof planBudgetsSchema>;
type PlanCheck = z.infer<typeof planCheckSchema>;
type VerdictRule = z.infer<typeof verdictRuleSchema>;
type Hypothesis = z.infer<typeof hypothesisSchema>;
type Remediation = z.infer<typeof remediationSchema>;
type Plan = z.infer<typeof planSchema>;
/** A plan as written in a file, before defaults. */
type PlanInput = z.input<typeof planSchema>;

export {
  SEVERITIES,
  toolAllowed,
  severitySchema,
  planMatchSchema,
  budgetLimitsSchema,
  planBudgetsSchema,
  planCheckSchema,
  verdictRuleSchema,
  hypothesisSchema,
  remediationSchema,
  planSchema,
  DEFAULT_HYPOTHESIS_BUDGET,
  DEFAULT_INVESTIGATION_BUDGET,
};
export type { Severity, PlanMatch, BudgetLimits, PlanBudgets, PlanCheck, VerdictRule, Hypothesis, Remediation, Plan, PlanInput };
