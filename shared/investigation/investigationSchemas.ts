import { z } from 'zod';
import { writtenRuleSchema } from '../governance/rules/ruleFile';
import { toolCallRecordSchema } from '../agent/toolCallRecord';
import { hypothesisVerdictSchema } from '../agent/verdict';
import { IncidentSchema } from '../incident';
import { mcpToolSpecSchema } from '../mcp/mcpToolSpec';
import { modelTurnResultSchema } from '../llm/runModelTurn';
import { tokenUsageSchema, ZERO_USAGE } from '../llm/tokenUsage';
import { planSchema } from '../plans/planSchema';
import { resolvedTargetSchema } from '../targets/resolvedTarget';
import { remediationOutcomeSchema } from '../report/remediationOutcome';
import { investigationReportSchema, timelineEntrySchema } from '../report/reportSchema';
import { deliveryPlanSchema } from './deliveryPlan';
import { recalledMemorySchema } from '../memory/seenBefore';
import { knowledgeUseSchema } from '../knowledge/knowledgeUse';

/**
 * Payloads of the investigation's activities and sub-orchestrations. Every one crosses a Durable
 * boundary, so each is a zod schema with `schemaVersion`; orchestrators parse what activities
 * return and activities parse what they receive.
 */

/** How an investigation runs: Claude through the Messages API, or the plan's deterministic checks. */
const engineModeSchema = z.enum(['model', 'deterministic']);

/** Where a plan's `{{ targets.* }}` and `{{ window.* }}` point for this incident. */
const checkContextSchema = z.object({
  targets: z.object({
    workspace: z.string().nullable(),
    appInsights: z.string().nullable(),
    host: z.string().nullable(),
    /** ARM id of the target's primary resource (`{{ targets.resourceId }}`), `null` when unknown. */
    resourceId: z.string().nullable().default(null),
    /** Cloud role names of the target's telemetry (`AppRoleName`), from the service catalog. */
    roleNames: z.array(z.string()).default([]),
  }),
  window: z.object({ start: z.string(), end: z.string(), timespan: z.string() }),
});

/** Input of `prepareInvestigation`. */
const prepareInputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  incident: IncidentSchema,
  /** Run a named plan instead of matching one (dry runs). */
  planId: z.string().optional(),
  /** Run this plan as given (scheduled tasks). */
  plan: planSchema.optional(),
});

/** What the investigation works from: the matched plan and the context every hypothesis shares. */
const investigationContextSchema = z.object({
  schemaVersion: z.literal(1),
  plan: planSchema,
  planOrigin: z.string(),
  specificity: z.number().int().nonnegative(),
  engine: engineModeSchema,
  model: z.string().nullable(),
  checkContext: checkContextSchema,
  /** What the incident is about and how that was resolved (absent in contexts saved before targets were resolved). */
  target: resolvedTargetSchema.optional(),
  /** The plan's runbooks and the matching skills, each wrapped and labelled (untrusted data; docs/knowledge.md). */
  knowledge: z.string(),
  /** Which runbooks and skills `knowledge` holds, for the report (absent in contexts saved before skills). */
  knowledgeUsed: z.array(knowledgeUseSchema).default([]),
  /** Similar past incidents recalled from memory (docs/memory.md; untrusted data; absent in contexts saved before memory). */
  memory: recalledMemorySchema.optional(),
  /** Tools this investigation offers the model: the plan's allowed tools that are configured. */
  tools: z.array(z.string()),
  /** Definitions of the MCP tools among `tools`, fixed when the investigation started (byte-identical prompts in every worker). */
  mcpTools: z.array(mcpToolSpecSchema).default([]),
  /** What the plan wanted but this deployment cannot provide (unconfigured tools, missing knowledge). */
  gaps: z.array(z.string()),
  /** How often the Stop quality gate may send a report back before accepting it with gaps. */
  qualityGateMaxRejections: z.number().int().min(0),
  /** How long after it starts the investigation keeps accepting signals and a resolve (the ingestion group window). */
  monitorMinutes: z.number().nonnegative(),
  /** Where notes, cards and events go (configured destinations of the plan). */
  delivery: deliveryPlanSchema,
  /** The incident as prompts show it: redacted, without internal keys. */
  promptIncident: z.record(z.string(), z.unknown()),
  /** How long an `ask` waits for a human before it is denied. */
  approvalTimeoutMs: z.number().int().positive(),
});

/** Input of the `runHypothesis` sub-orchestration. */
const hypothesisInputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  hypothesisId: z.string(),
  incident: IncidentSchema,
  context: investigationContextSchema,
  /** A dry run: remediation actions are recorded as `dry_run` and never run. */
  dryRun: z.boolean().default(false),
});

/** Output of `runHypothesis`: the verdict, the tool calls behind it, and its remediation actions. */
const hypothesisOutputSchema = z.object({
  schemaVersion: z.literal(1),
  verdict: hypothesisVerdictSchema,
  toolCalls: z.array(toolCallRecordSchema),
  remediations: z.array(remediationOutcomeSchema).default([]),
});

/** Input of `modelTurn`: the conversation so far (the prefix is rebuilt byte-identically from the plan). */
const modelTurnInputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  hypothesisId: z.string(),
  context: investigationContextSchema,
  messages: z.array(z.record(z.string(), z.unknown())),
  finalTurn: z.boolean(),
});

const modelTurnOutputSchema = modelTurnResultSchema;

/** Input of `runTool`: one call, from the model or a deterministic check. */
const runToolInputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  hypothesisId: z.string(),
  callId: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  /** Tools the plan allows for this investigation. */
  allowedTools: z.array(z.string()),
  /** Fixes "now" for relative time ranges (the orchestration's current time). */
  now: z.string(),
  /** Plan and mode the permission rules are scoped by. */
  planId: z.string(),
  /** The plan's own permission rules (`rules:`), applied in plan scope. */
  planRules: z.array(writtenRuleSchema).default([]),
  mode: z.enum(['review', 'autonomous']),
  /** Turn counts for hooks (0 for deterministic checks). */
  turn: z.number().int().nonnegative().default(0),
  maxTurns: z.number().int().nonnegative().default(0),
  /** Set on the second call after a human approved it: the rules asked, a person answered. */
  approvedBy: z.string().optional(),
  /**
   * A remediation action rather than an investigation call: in review mode it asks a human even
   * when the rules allow it, and it runs at most once per call id (recorded before and after).
   */
  action: z.boolean().default(false),
});

/** Output of `runTool`: the call's record, or a request for approval when the rules ask. */
const runToolOutputSchema = z.object({
  schemaVersion: z.literal(1),
  record: toolCallRecordSchema,
  approval: z.object({ invocation: z.string(), reason: z.string() }).optional(),
});

/**
 * Input of `planChecks` (deterministic mode), called once per stage: `settled` names the checks
 * earlier stages ran or skipped, `toolCalls` holds their records (a later check's `when` reads them).
 */
const planChecksInputSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string(),
  incident: IncidentSchema,
  context: investigationContextSchema,
  settled: z.array(z.string()).default([]),
  skipped: z.array(z.string()).default([]),
  toolCalls: z.array(toolCallRecordSchema).default([]),
});

const renderedCheckSchema = z.object({ id: z.string(), checkId: z.string(), tool: z.string(), arguments: z.record(z.string(), z.unknown()) });
/** The next stage: checks to run, checks skipped (their `when` did not hold), and whether any is left. */
const planChecksOutputSchema = z.object({ schemaVersion: z.literal(1), checks: z.array(renderedCheckSchema), skipped: z.array(z.string()), complete: z.boolean() });

/** Input of `evaluateVerdict` (deterministic mode). */
const evaluateVerdictInputSchema = z.object({
  schemaVersion: z.literal(1),
  hypothesisId: z.string(),
  context: investigationContextSchema,
  toolCalls: z.array(toolCallRecordSchema),
  /** Checks whose `when` did not hold: `skipped`, not gaps. */
  skipped: z.array(z.string()).default([]),
});

/** Input of `synthesizeReport`. `feedback` carries the quality gate's reasons on a retry. */
const synthesisInputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  incident: IncidentSchema,
  context: investigationContextSchema,
  hypotheses: z.array(hypothesisOutputSchema),
  timeline: z.array(timelineEntrySchema),
  startedAt: z.string(),
  finishedAt: z.string(),
  feedback: z.array(z.string()),
  attempt: z.number().int().positive(),
  /** Model usage of the earlier synthesis attempts (their model calls and Stop prompt hooks). */
  synthesisUsage: tokenUsageSchema.default(ZERO_USAGE),
});

const synthesisOutputSchema = z.object({
  schemaVersion: z.literal(1),
  report: investigationReportSchema,
  gate: z.object({ accepted: z.boolean(), reasons: z.array(z.string()) }),
  /** Model usage of every synthesis attempt so far, this one included: the next attempt's `synthesisUsage`. */
  synthesisUsage: tokenUsageSchema.default(ZERO_USAGE),
});

/** Input of `persistReport`. */
const persistInputSchema = z.object({ schemaVersion: z.literal(1), investigationId: z.string(), report: investigationReportSchema });
const persistOutputSchema = z.object({ schemaVersion: z.literal(1), markdownPath: z.string(), jsonPath: z.string() });

/** What `investigateIncident` returns. */
const investigationOutputSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string(),
  planId: z.string(),
  engine: engineModeSchema,
  summary: z.string(),
  rootCauseCategory: z.string().nullable(),
  confidence: z.number(),
  report: persistOutputSchema,
  signals: z.number().int().nonnegative(),
  resolvedAt: z.string().nullable(),
});

type EngineMode = z.infer<typeof engineModeSchema>;
type CheckContext = z.infer<typeof checkContextSchema>;
type PrepareInput = z.infer<typeof prepareInputSchema>;
type InvestigationContext = z.infer<typeof investigationContextSchema>;
type HypothesisInput = z.infer<typeof hypothesisInputSchema>;
type HypothesisOutput = z.infer<typeof hypothesisOutputSchema>;
type ModelTurnInput = z.infer<typeof modelTurnInputSchema>;
type RunToolInput = z.infer<typeof runToolInputSchema>;
type RunToolOutput = z.infer<typeof runToolOutputSchema>;
type PlanChecksStage = z.infer<typeof planChecksInputSchema>;
/** The first stage needs no `settled`, `skipped` or `toolCalls` (they default to empty). */
type PlanChecksInput = Omit<PlanChecksStage, 'settled' | 'skipped' | 'toolCalls'> & Partial<Pick<PlanChecksStage, 'settled' | 'skipped' | 'toolCalls'>>;
type PlanChecksOutput = z.infer<typeof planChecksOutputSchema>;
type EvaluateVerdictInput = Omit<z.infer<typeof evaluateVerdictInputSchema>, 'skipped'> & { skipped?: string[] };
type SynthesisInput = z.infer<typeof synthesisInputSchema>;
type SynthesisOutput = z.infer<typeof synthesisOutputSchema>;
type PersistInput = z.infer<typeof persistInputSchema>;
type PersistOutput = z.infer<typeof persistOutputSchema>;
type InvestigationOutput = z.infer<typeof investigationOutputSchema>;

export {
  engineModeSchema,
  checkContextSchema,
  prepareInputSchema,
  investigationContextSchema,
  hypothesisInputSchema,
  hypothesisOutputSchema,
  modelTurnInputSchema,
  modelTurnOutputSchema,
  runToolInputSchema,
  runToolOutputSchema,
  planChecksInputSchema,
  planChecksOutputSchema,
  evaluateVerdictInputSchema,
  synthesisInputSchema,
  synthesisOutputSchema,
  persistInputSchema,
  persistOutputSchema,
  investigationOutputSchema,
};
export type {
  EngineMode,
  CheckContext,
  PrepareInput,
  InvestigationContext,
  HypothesisInput,
  HypothesisOutput,
  ModelTurnInput,
  RunToolInput,
  RunToolOutput,
  PlanChecksInput,
  PlanChecksOutput,
  EvaluateVerdictInput,
  SynthesisInput,
  SynthesisOutput,
  PersistInput,
  PersistOutput,
  InvestigationOutput,
};
