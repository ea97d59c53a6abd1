import { z } from 'zod';
import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { HypothesisVerdict } from '../agent/verdict';
import type { ModelToolSpec } from '../llm/modelTool';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../llm/tokenUsage';
import type { Plan } from '../plans/planSchema';
import { rootCauseCategorySchema, UNDETERMINED } from '../plans/rootCauseCategory';
import { evidenceFromToolCall } from './evidenceFromToolCall';
import { reportConfidence } from './reportConfidence';
import type { HypothesisRow, InvestigationReport, Lead, TimelineEntry } from './reportSchema';

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
  /**
   * Model usage outside the subagents' turns, added to theirs: every synthesis attempt (Stop-gate
   * retries included), prompt hooks on tool calls and on the report.
   */
  synthesisUsage?: TokenUsage;
}

/**
 * The synthesis: what a model (through the `submit_report` tool) or the deterministic ranking
 * concludes from the verdicts. Validated like any tool input.
 */
const reportSynthesisSchema = z
  .object({
    summary: z.string().min(1).describe('What happened and why, in three to five sentences for the person on call.'),
    rootCause: z.string().min(1).nullable().describe('The root cause in one sentence, or null when no hypothesis is supported.'),
    rootCauseCategory: rootCauseCategorySchema
      .nullable()
      .describe(`Category of the supported hypothesis the root cause comes from, or "${UNDETERMINED}" (or null) when none is supported.`),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Your confidence in the root cause. The report computes one from the evidence; yours can lower it, never raise it.'),
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

/** How many open hypotheses an undetermined report lists as leads. */
const MAX_LEADS = 3;

/**
 * Builds the report from the context and a synthesis; evidence is every tool call a verdict
 * cited. The confidence is {@link reportConfidence} (a synthesis may state a lower one); a
 * report without a root cause is `undetermined` and lists its leads.
 */
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
  const evidence = cited.flatMap((id) => {
    const record = byId.get(id);
    return record ? [evidenceFromToolCall(record)] : [];
  });
  const rootCauseCategory = synthesis.rootCauseCategory ?? UNDETERMINED;
  const computed = reportConfidence({ hypotheses, evidence, rootCauseCategory });
  const undetermined = rootCauseCategory === UNDETERMINED;
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
    rootCauseCategory,
    confidence: Math.min(synthesis.confidence ?? 1, computed),
    ...(undetermined ? { leads: leadsOf(hypotheses, context.verdicts) } : {}),
    evidence,
    hypotheses,
    recommendedActions: synthesis.recommendedActions.map((item) => ({ ...item, proposal: context.plan.mode === 'review' })),
    gaps,
    timeline: [...context.timeline].sort((a, b) => a.at.localeCompare(b.at)),
    usage: investigationUsage(context, context.synthesisUsage ?? ZERO_USAGE),
    timings: { startedAt: context.startedAt, finishedAt: context.finishedAt, durationMs },
  };
}

/**
 * Every model call of an investigation: the subagents' turns, prompt hooks on their tool calls,
 * and `synthesis` (every synthesis attempt with its Stop prompt hooks).
 */
function investigationUsage(context: Pick<ReportContext, 'verdicts' | 'toolCalls'>, synthesis: TokenUsage): TokenUsage {
  return addUsage(
    ...context.verdicts.map((verdict) => verdict.usage),
    ...context.toolCalls.flatMap((record) => (record.hookUsage ? [record.hookUsage] : [])),
    synthesis,
  );
}

/** The hypotheses not refuted, most confident first (plan order on ties), with what each missed. */
function leadsOf(rows: ReadonlyArray<HypothesisRow>, verdicts: ReadonlyArray<HypothesisVerdict>): Lead[] {
  return rows
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.verdict !== 'refuted')
    .sort((a, b) => b.row.confidence - a.row.confidence || a.index - b.index)
    .slice(0, MAX_LEADS)
    .map(({ row }) => {
      const verdict = verdicts.find((v) => v.hypothesisId === row.hypothesisId);
      const missing = !verdict ? ['this hypothesis was not investigated'] : verdict.gaps.length > 0 ? verdict.gaps : [`evidence that decides it: what was gathered did not (${verdict.summary})`];
      return { hypothesisId: row.hypothesisId, title: row.title, rootCauseCategory: row.rootCauseCategory, verdict: row.verdict, confidence: row.confidence, missingEvidence: missing };
    });
}

export { assembleReport, investigationUsage, reportSynthesisSchema, submitReportTool };
export type { ReportContext, ReportSynthesis };
