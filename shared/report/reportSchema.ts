import { remediationOutcomeSchema } from './remediationOutcome';
import { z } from 'zod';
import { verdictValueSchema } from '../agent/verdict';
import { tokenUsageSchema } from '../llm/tokenUsage';
import { rootCauseCategorySchema } from '../plans/rootCauseCategory';

/** One piece of evidence, always linked to the tool call that produced it. */
const evidenceItemSchema = z.object({
  /** The ToolCallRecord id (the id verdicts cite). */
  toolCallId: z.string().min(1),
  hypothesisId: z.string().min(1),
  tool: z.string().min(1),
  /** The exact query / request that ran. */
  query: z.string(),
  timeRange: z.object({ start: z.string(), end: z.string() }).optional(),
  status: z.enum(['success', 'no_data', 'error']),
  /** A short excerpt of the result (summary and the first rows), never the whole payload. */
  resultExcerpt: z.string(),
});

/** A row of the hypotheses table. */
const hypothesisRowSchema = z.object({
  hypothesisId: z.string().min(1),
  title: z.string().min(1),
  rootCauseCategory: rootCauseCategorySchema,
  verdict: verdictValueSchema,
  confidence: z.number().min(0).max(1),
  summary: z.string(),
  evidence: z.array(z.string()),
});

const recommendedActionSchema = z.object({
  action: z.string().min(1),
  rationale: z.string().optional(),
  /** True in review mode: a human decides; nothing was or will be done automatically. */
  proposal: z.boolean(),
});

const timelineEntrySchema = z.object({ at: z.string(), event: z.string().min(1) });

/**
 * The investigation report, persisted as JSON beside its Markdown rendering and posted to the
 * plan's destinations. `modelUsed: false` means deterministic mode: the Markdown says so plainly.
 */
const investigationReportSchema = z.object({
  schemaVersion: z.literal(1),
  investigationId: z.string().min(1),
  incidentTitle: z.string().min(1),
  planId: z.string().min(1),
  mode: z.enum(['review', 'autonomous']),
  modelUsed: z.boolean(),
  /** The model id when `modelUsed`. */
  model: z.string().optional(),
  summary: z.string().min(1),
  /** `null` when the investigation could not determine one (the Stop gate rejects that). */
  rootCause: z.string().nullable(),
  rootCauseCategory: rootCauseCategorySchema.nullable(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(evidenceItemSchema),
  hypotheses: z.array(hypothesisRowSchema),
  recommendedActions: z.array(recommendedActionSchema),
  gaps: z.array(z.string()),
  /** Remediation actions of supported hypotheses: what ran (or why not) and whether the symptom cleared. */
  remediations: z.array(remediationOutcomeSchema).optional(),
  timeline: z.array(timelineEntrySchema),
  usage: tokenUsageSchema,
  timings: z.object({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number().nonnegative() }),
});

type EvidenceItem = z.infer<typeof evidenceItemSchema>;
type HypothesisRow = z.infer<typeof hypothesisRowSchema>;
type RecommendedAction = z.infer<typeof recommendedActionSchema>;
type TimelineEntry = z.infer<typeof timelineEntrySchema>;
type InvestigationReport = z.infer<typeof investigationReportSchema>;

export { evidenceItemSchema, hypothesisRowSchema, recommendedActionSchema, timelineEntrySchema, investigationReportSchema };
export type { EvidenceItem, HypothesisRow, RecommendedAction, TimelineEntry, InvestigationReport };
