import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { Incident } from '../incident';
import type { ResolvedTarget } from '../targets/resolvedTarget';
import { concreteActions } from './concreteActions';
import { deploymentFacts } from './deploymentFacts';
import { buildIncidentTimeline } from './incidentTimeline';
import { evidenceLinks, type PortalLinkSettings } from './portalLinks';
import type { InvestigationReport } from './reportSchema';

/** What the report is checked and completed against, beyond the synthesis itself. */
interface ReportEnrichment {
  incident: Incident;
  /** The resolved target; absent for investigations prepared before targets were resolved. */
  target?: ResolvedTarget;
  /** Every tool call of the investigation (not only the cited ones: a deployment row dates the change either way). */
  toolCalls: ReadonlyArray<ToolCallRecord>;
  links: PortalLinkSettings;
  /** Highest confidence a report about an unknown target may state. */
  unknownTargetMaxConfidence: number;
}

/**
 * Completes a synthesised report (model or deterministic alike) with what the evidence holds and
 * a synthesis does not write: the target and how it was resolved, the incident's own timeline,
 * portal links next to each evidence item, rollback advice naming the version to return to, and
 * a confidence capped when the target is unknown (with a gap saying why).
 */
function enrichReport(report: InvestigationReport, inputs: ReportEnrichment): InvestigationReport {
  const byId = new Map(inputs.toolCalls.map((record) => [record.id, record]));
  const evidence = report.evidence.map((item) => {
    const record = byId.get(item.toolCallId);
    const links = record ? evidenceLinks(record, inputs.links) : [];
    return links.length > 0 ? { ...item, links } : item;
  });
  let { confidence, gaps } = report;
  const cap = inputs.unknownTargetMaxConfidence;
  if (inputs.target?.status === 'unknown' && confidence > cap) {
    gaps = [...gaps, `confidence capped at ${cap} (was ${confidence.toFixed(2)}): the target is unknown, so the evidence may describe another service`];
    confidence = cap;
  }
  return {
    ...report,
    confidence,
    gaps,
    evidence,
    recommendedActions: concreteActions(report.recommendedActions, deploymentFacts(inputs.toolCalls)),
    incidentTimeline: buildIncidentTimeline(inputs.incident, inputs.toolCalls),
    ...(inputs.target ? { target: inputs.target } : {}),
  };
}

export { enrichReport };
export type { ReportEnrichment };
