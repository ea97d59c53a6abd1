import { UNDETERMINED } from '../plans/rootCauseCategory';
import type { InvestigationReport } from './reportSchema';
import { assembleReport, type ReportContext, type ReportSynthesis } from './assembleReport';

/**
 * Synthesis without a model: supported hypotheses ranked by confidence (ties keep plan order);
 * the first is the root cause, and the recommended actions are those its plan hypothesis
 * declares, followed by those of the other supported ones. With nothing supported the report is
 * `undetermined`: no root cause, its leads (hypotheses not refuted) and what they missed, and
 * confidence 0. The confidence always comes from reportConfidence (assembleReport).
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
        `(verdict confidence ${top.confidence.toFixed(2)}). ${top.summary}` +
        (others.length > 0 ? ` Also supported: ${others.join('; ')}.` : ''),
      rootCause: `${topHypothesis.title}: ${top.summary}`,
      rootCauseCategory: topHypothesis.rootCauseCategory,
      recommendedActions: dedupe(actions),
    };
  } else {
    const open = context.verdicts.filter((verdict) => verdict.verdict !== 'refuted').sort((a, b) => b.confidence - a.confidence);
    const leads = open.slice(0, 3).map((verdict) => hypothesisOf(verdict.hypothesisId)?.title ?? verdict.hypothesisId);
    synthesis = {
      summary:
        `Deterministic checks of plan '${context.plan.id}' (${counts}) did not support any hypothesis: the cause is undetermined. ` +
        (leads.length > 0 ? `Open leads: ${leads.join('; ')}. See the leads for the evidence each is missing.` : 'Every hypothesis of the plan was refuted: the cause is outside this plan.'),
      rootCause: null,
      rootCauseCategory: UNDETERMINED,
      recommendedActions: [
        {
          action:
            leads.length > 0
              ? `Investigate manually, starting with: ${leads[0]} (no automated check supported a cause).`
              : 'Investigate manually: every hypothesis of the plan was refuted, so the cause is one the plan does not cover.',
        },
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
