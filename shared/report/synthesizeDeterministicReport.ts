import type { InvestigationReport } from './reportSchema';
import { assembleReport, type ReportContext, type ReportSynthesis } from './assembleReport';

/**
 * Synthesis without a model: supported hypotheses ranked by confidence (ties keep plan order);
 * the first is the root cause, and the recommended actions are those its plan hypothesis
 * declares, followed by those of the other supported ones. With nothing supported the report
 * says so and names no root cause (the Stop gate then rejects it with that reason).
 */
function synthesizeDeterministicReport(context: Omit<ReportContext, 'model'>): InvestigationReport {
  const order = new Map(context.plan.hypotheses.map((hypothesis, index) => [hypothesis.id, index]));
  const supported = context.verdicts
    .filter((verdict) => verdict.verdict === 'supported')
    .sort((a, b) => b.confidence - a.confidence || (order.get(a.hypothesisId) ?? 0) - (order.get(b.hypothesisId) ?? 0));
  const hypothesisOf = (id: string) => context.plan.hypotheses.find((hypothesis) => hypothesis.id === id);
  const refuted = context.verdicts.filter((verdict) => verdict.verdict === 'refuted').length;
  const counts = `${supported.length} supported, ${refuted} refuted, ${context.plan.hypotheses.length - supported.length - refuted} inconclusive`;

  let synthesis: ReportSynthesis;
  const top = supported[0];
  const topHypothesis = top ? hypothesisOf(top.hypothesisId) : undefined;
  if (top && topHypothesis) {
    const others = supported.slice(1).map((verdict) => hypothesisOf(verdict.hypothesisId)?.title ?? verdict.hypothesisId);
    const actions = supported.flatMap((verdict) =>
      (hypothesisOf(verdict.hypothesisId)?.recommendedActions ?? []).map((action) => ({ action, rationale: `${verdict.hypothesisId} is supported` })),
    );
    synthesis = {
      summary:
        `Deterministic checks of plan '${context.plan.id}' (${counts}). Most likely cause: ${topHypothesis.title} ` +
        `(confidence ${top.confidence.toFixed(2)}). ${top.summary}` +
        (others.length > 0 ? ` Also supported: ${others.join('; ')}.` : ''),
      rootCause: `${topHypothesis.title}: ${top.summary}`,
      rootCauseCategory: topHypothesis.rootCauseCategory,
      confidence: top.confidence,
      recommendedActions: dedupe(actions),
    };
  } else {
    synthesis = {
      summary: `Deterministic checks of plan '${context.plan.id}' (${counts}) did not support any hypothesis; the cause is undetermined.`,
      rootCause: null,
      rootCauseCategory: null,
      confidence: 0,
      recommendedActions: [
        { action: 'Investigate manually: no automated check supported a cause (see the hypotheses table and gaps).' },
      ],
    };
  }
  return assembleReport(context, synthesis);
}

function dedupe(actions: ReportSynthesis['recommendedActions']): ReportSynthesis['recommendedActions'] {
  const seen = new Set<string>();
  return actions.filter((item) => (seen.has(item.action) ? false : (seen.add(item.action), true)));
}

export { synthesizeDeterministicReport };
