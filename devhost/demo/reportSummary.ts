import type { InvestigationReport } from '../../shared/report/reportSchema';

/**
 * The few lines an on-call engineer reads first: root cause and category, confidence, the top
 * pieces of evidence (tool and first line of what it showed) and the URL of the full report.
 */
function formatReportSummary(scenarioId: string, report: InvestigationReport, reportUrl: string, topEvidence = 3): string {
  const lines = [
    `== ${scenarioId}: ${report.incidentTitle}`,
    `   plan        ${report.planId} (${report.modelUsed ? `model ${report.model ?? ''}`.trim() : 'deterministic checks, no model used'})`,
    `   root cause  ${report.rootCause ?? 'undetermined'}`,
    `   category    ${report.rootCauseCategory ?? 'none'}   confidence ${report.confidence.toFixed(2)}`,
  ];
  const evidence = report.evidence.filter((item) => item.status === 'success').slice(0, topEvidence);
  for (const item of evidence) {
    const excerpt = item.resultExcerpt.replace(/\s+/g, ' ').trim();
    lines.push(`   evidence    ${item.tool}: ${excerpt.length > 150 ? excerpt.slice(0, 149) + '…' : excerpt}`);
  }
  const action = report.recommendedActions[0];
  if (action) lines.push(`   next step   ${action.proposal ? '(proposal) ' : ''}${action.action}`);
  lines.push(`   full report ${reportUrl}`);
  return lines.join('\n');
}

export { formatReportSummary };
