import { z } from 'zod';
import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { HypothesisVerdict } from '../agent/verdict';
import type { ModelToolSpec } from '../llm/modelTool';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../llm/tokenUsage';
import type { Plan } from '../plans/planSchema';
import { rootCauseCategorySchema } from '../plans/rootCauseCategory';
import { evidenceFromToolCall } from './evidenceFromToolCall';
import type { HypothesisRow, InvestigationReport, TimelineEntry } from './reportSchema';

/** Everything known when an investigation ends, before the synthesis. */
interface ReportContext {
  investigationId: string;
  incidentTitle: string;
  plan: Plan;
  verdicts: ReadonlyArray<HypothesisVerdict>;
  toolCalls: ReadonlyArray<ToolCallRecord>;
  timeline: ReadonlyArray<TimelineEntry>;
  /** ISO times from the orchestration clock. */
  startedAt: string;
  finishedAt: string;
  /** The model that ran the subagents; absent in deterministic mode. */
  model?: string;
  /** Usage of the synthesis call(s), added to the subagents' usage. */
  synthesisUsage?: TokenUsage;
}

/**
 * The synthesis: what a model (through the `submit_report` tool) or the deterministic ranking
 * concludes from the verdicts. Validated like any tool input.
 */
const reportSynthesisSchema = z
  .object({
    summary: z.string().min(1).describe('What happened and why, in three to five sentences for the person on call.'),
    rootCause: z.string().min(1).nullable().describe('The root cause in one sentence, or null if the evidence does not show one.'),
    rootCauseCategory: rootCauseCategorySchema.nullable().describe('Category of the root cause (from the supported hypothesis).'),
    confidence: z.number().min(0).max(1),
    recommendedActions: z
      .array(z.object({ action: z.string().min(1), rationale: z.string().optional() }).strict())
      .describe('Concrete next steps, most urgent first.'),
  })
  .strict();

type ReportSynthesis = z.infer<typeof reportSynthesisSchema>;

/** The tool a synthesis model call ends with. */
const submitReportTool: ModelToolSpec = {
  name: 'submit_report',
  description:
    'Submit the investigation report: summary, root cause and its category (from a supported hypothesis), ' +
    'confidence and recommended actions. Base it only on the hypothesis verdicts and evidence you were given.',
  parameters: reportSynthesisSchema,
};

/** Builds the report from the context and a synthesis; evidence is every tool call a verdict cited. */
function assembleReport(context: ReportContext, synthesis: ReportSynthesis): InvestigationReport {
  const byId = new Map(context.toolCalls.map((record) => [record.id, record]));
  const cited = [...new Set(context.verdicts.flatMap((verdict) => verdict.evidence))];
  const verdictFor = new Map(context.verdicts.map((verdict) => [verdict.hypothesisId, verdict]));
  const hypotheses: HypothesisRow[] = context.plan.hypotheses.map((hypothesis) => {
    const verdict = verdictFor.get(hypothesis.id);
    return {
      hypothesisId: hypothesis.id,
      title: hypothesis.title,
      rootCauseCategory: hypothesis.rootCauseCategory,
      verdict: verdict?.verdict ?? 'inconclusive',
      confidence: verdict?.confidence ?? 0,
      summary: verdict?.summary ?? 'No result: this hypothesis was not investigated.',
      evidence: verdict?.evidence ?? [],
    };
  });
  const gaps = [
    ...new Set([
      ...context.verdicts.flatMap((verdict) => verdict.gaps.map((gap) => `${verdict.hypothesisId}: ${gap}`)),
      ...cited.filter((id) => !byId.has(id)).map((id) => `evidence ${id} was cited but its tool call record is missing`),
    ]),
  ];
  const durationMs = Math.max(0, Date.parse(context.finishedAt) - Date.parse(context.startedAt));
  return {
    schemaVersion: 1,
    investigationId: context.investigationId,
    incidentTitle: context.incidentTitle,
    planId: context.plan.id,
    mode: context.plan.mode,
    modelUsed: context.model !== undefined,
    ...(context.model !== undefined ? { model: context.model } : {}),
    summary: synthesis.summary,
    rootCause: synthesis.rootCause,
    rootCauseCategory: synthesis.rootCauseCategory,
    confidence: synthesis.confidence,
    evidence: cited.flatMap((id) => {
      const record = byId.get(id);
      return record ? [evidenceFromToolCall(record)] : [];
    }),
    hypotheses,
    recommendedActions: synthesis.recommendedActions.map((item) => ({ ...item, proposal: context.plan.mode === 'review' })),
    gaps,
    timeline: [...context.timeline].sort((a, b) => a.at.localeCompare(b.at)),
    usage: addUsage(...context.verdicts.map((verdict) => verdict.usage), context.synthesisUsage ?? ZERO_USAGE),
    timings: { startedAt: context.startedAt, finishedAt: context.finishedAt, durationMs },
  };
}

export { assembleReport, reportSynthesisSchema, submitReportTool };
export type { ReportContext, ReportSynthesis };
