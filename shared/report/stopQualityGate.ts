import { UNDETERMINED } from '../plans/rootCauseCategory';
import { reportConfidence } from './reportConfidence';
import type { InvestigationReport } from './reportSchema';

/** The Stop gate's answer: accept, or reject with reasons the synthesis retry reads as feedback. */
type QualityGateDecision = { accepted: true } | { accepted: false; reasons: string[] };

/** Slack for the confidence comparison (two-decimal rounding). */
const CONFIDENCE_TOLERANCE = 0.005;

/**
 * The Stop quality gate: the report must agree with its verdicts. Rejected when
 *
 * - it names a root cause or category while no hypothesis is supported (it must say `undetermined`);
 * - its category is not that of a supported hypothesis;
 * - a hypothesis is supported but the report is undetermined or names no root cause;
 * - its confidence exceeds what the evidence gives (reportConfidence);
 * - a supported hypothesis has no evidence, or cites evidence the report does not contain;
 * - it recommends no action.
 *
 * An honest `undetermined` (nothing supported, no root cause) passes. Pure, so the orchestrator
 * can loop "synthesise → gate → feedback".
 */
function stopQualityGate(report: InvestigationReport): QualityGateDecision {
  const reasons: string[] = [];
  const supported = report.hypotheses.filter((row) => row.verdict === 'supported');
  const category = report.rootCauseCategory ?? UNDETERMINED;
  const namesCause = report.rootCause !== null && report.rootCause.trim() !== '';
  const supportedCategories = [...new Set(supported.map((row) => row.rootCauseCategory))];
  if (supported.length === 0) {
    if (namesCause || category !== UNDETERMINED) {
      reasons.push(`no hypothesis is supported, so the report must be ${UNDETERMINED} with no root cause (it names ${namesCause ? 'a root cause' : `category ${category}`})`);
    }
  } else if (category === UNDETERMINED || !namesCause) {
    reasons.push(`hypotheses are supported (${supported.map((row) => row.hypothesisId).join(', ')}) but the report names no root cause`);
  } else if (!supportedCategories.includes(category)) {
    reasons.push(`root cause category ${category} is not that of a supported hypothesis (supported: ${supportedCategories.join(', ')})`);
  }
  const ceiling = reportConfidence(report);
  if (report.confidence > ceiling + CONFIDENCE_TOLERANCE) {
    reasons.push(`confidence ${report.confidence.toFixed(2)} is more than the evidence gives (${ceiling.toFixed(2)})`);
  }
  const evidenceIds = new Set(report.evidence.map((item) => item.toolCallId));
  for (const hypothesis of supported) {
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
