import type { InvestigationReport } from './reportSchema';

/** The Stop gate's answer: accept, or reject with reasons the synthesis retry reads as feedback. */
type QualityGateDecision = { accepted: true } | { accepted: false; reasons: string[] };

/**
 * The Stop quality gate: a report is rejected when it has no root cause, when a supported
 * hypothesis has no evidence (or cites evidence the report does not contain), or when it
 * recommends no action. Pure, so the orchestrator can loop "synthesise → gate → feedback".
 */
function stopQualityGate(report: InvestigationReport): QualityGateDecision {
  const reasons: string[] = [];
  if (report.rootCause === null || report.rootCause.trim() === '') reasons.push('the report names no root cause');
  const evidenceIds = new Set(report.evidence.map((item) => item.toolCallId));
  for (const hypothesis of report.hypotheses.filter((row) => row.verdict === 'supported')) {
    if (hypothesis.evidence.length === 0) {
      reasons.push(`supported hypothesis '${hypothesis.hypothesisId}' cites no evidence`);
      continue;
    }
    const missing = hypothesis.evidence.filter((id) => !evidenceIds.has(id));
    if (missing.length > 0) {
      reasons.push(`supported hypothesis '${hypothesis.hypothesisId}' cites evidence missing from the report: ${missing.join(', ')}`);
    }
  }
  if (report.recommendedActions.length === 0) reasons.push('the report recommends no action');
  return reasons.length === 0 ? { accepted: true } : { accepted: false, reasons };
}

export { stopQualityGate };
export type { QualityGateDecision };
