import { remediationOutcomeSchema } from './remediationOutcome';
import { z } from 'zod';
import { verdictValueSchema } from '../agent/verdict';
import { tokenUsageSchema } from '../llm/tokenUsage';
import { rootCauseCategorySchema } from '../plans/rootCauseCategory';
import { resolvedTargetSchema } from '../targets/resolvedTarget';
import { seenBeforeSchema } from '../memory/seenBefore';
import { memoryFactSchema } from '../memory/memoryFact';
import { reliedOnSchema } from '../memory/reliedOn';
import { knowledgeUseSchema } from '../knowledge/knowledgeUse';

/** A link next to a piece of evidence or an event: the query in the portal, the resource. */
const reportLinkSchema = z.object({ rel: z.enum(['query', 'resource']), title: z.string().min(1), url: z.url() });

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
  /** Deep links: the query in the Azure portal's Logs blade, the resource it ran on. */
  links: z.array(reportLinkSchema).optional(),
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
 * A lead of an `undetermined` report: a hypothesis not refuted, with what its investigation
 * could not see (the evidence that would decide it).
 */
const leadSchema = z.object({
  hypothesisId: z.string().min(1),
  title: z.string().min(1),
  rootCauseCategory: rootCauseCategorySchema,
  verdict: verdictValueSchema,
  confidence: z.number().min(0).max(1),
  /** Evidence the subagent wanted and did not get. */
  missingEvidence: z.array(z.string()),
});

/**
 * One event of the incident itself, read from the evidence: a change (deployment, new revision,
 * traffic shift), the first error, the alert, a mitigation (a change after the alert), the resolve.
 */
const incidentEventSchema = z.object({
  at: z.string(),
  kind: z.enum(['change', 'first-error', 'alert', 'mitigation', 'resolved']),
  event: z.string().min(1),
  /** The tool call whose result shows it (absent for the alert and the resolve, which the source reported). */
  toolCallId: z.string().optional(),
});

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
  /** `null` when no hypothesis is supported: the report is then `undetermined` and lists `leads`. */
  rootCause: z.string().nullable(),
  /**
   * The category of a supported hypothesis, or `undetermined` (reports before this field's
   * taxonomy was opened wrote `null` for that). See shared/plans/rootCauseCategory.ts.
   */
  rootCauseCategory: rootCauseCategorySchema.nullable(),
  /** Probability the named root cause is right, from the evidence (reportConfidence.ts); 0 when undetermined. */
  confidence: z.number().min(0).max(1),
  /** Undetermined reports: the best hypotheses left open, most likely first, with what is missing. */
  leads: z.array(leadSchema).optional(),
  evidence: z.array(evidenceItemSchema),
  hypotheses: z.array(hypothesisRowSchema),
  recommendedActions: z.array(recommendedActionSchema),
  gaps: z.array(z.string()),
  /** Remediation actions of supported hypotheses: what ran (or why not) and whether the symptom cleared. */
  remediations: z.array(remediationOutcomeSchema).optional(),
  timeline: z.array(timelineEntrySchema),
  /** What the investigation looked at and how it was resolved (absent in reports written before targets were resolved). */
  target: resolvedTargetSchema.optional(),
  /** The incident's own events from the evidence, oldest first (`timeline` is the investigation's steps). */
  incidentTimeline: z.array(incidentEventSchema).optional(),
  /** Similar past incidents recalled from memory, each citing its memory id (docs/memory.md). */
  seenBefore: z.array(seenBeforeSchema).optional(),
  /** Facts remembered about the service that the subagents were given, each with its memory id. */
  rememberedFacts: z.array(memoryFactSchema).optional(),
  /** Every memory the investigation used (past incidents, facts, the service's learning) and how ("What the responder relied on"). */
  reliedOn: z.array(reliedOnSchema).optional(),
  /** Runbooks and skills the subagents were given as reference material (docs/knowledge.md). */
  knowledgeUsed: z.array(knowledgeUseSchema).optional(),
  usage: tokenUsageSchema,
  timings: z.object({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number().nonnegative() }),
});

type EvidenceItem = z.infer<typeof evidenceItemSchema>;
type HypothesisRow = z.infer<typeof hypothesisRowSchema>;
type RecommendedAction = z.infer<typeof recommendedActionSchema>;
type TimelineEntry = z.infer<typeof timelineEntrySchema>;
type Lead = z.infer<typeof leadSchema>;
type IncidentEvent = z.infer<typeof incidentEventSchema>;
type ReportLink = z.infer<typeof reportLinkSchema>;
type InvestigationReport = z.infer<typeof investigationReportSchema>;

export { evidenceItemSchema, hypothesisRowSchema, recommendedActionSchema, timelineEntrySchema, leadSchema, incidentEventSchema, reportLinkSchema, investigationReportSchema };
export type { EvidenceItem, HypothesisRow, RecommendedAction, TimelineEntry, Lead, IncidentEvent, ReportLink, InvestigationReport };
