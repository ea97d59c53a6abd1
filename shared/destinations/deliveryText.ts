import type { DeliveryMessage } from './deliveryTypes';

/** Longest note we write; notes carry a summary and a link, the full report stays behind the link. */
const MAX_NOTE_CHARS = 4000;

/**
 * Plain-text note for ticketing systems (PagerDuty notes, ServiceNow work notes): what happened,
 * the root cause and confidence when known, the top actions, the links, and the marker as the
 * last line so a retry can recognise its own note.
 */
function noteText(message: DeliveryMessage, marker: string): string {
  const lines: string[] = [];
  const report = message.report;
  switch (message.kind) {
    case 'investigation-started':
      lines.push(`[incident-responder] Investigation started for "${message.incident.title}" (${message.mode} mode).`);
      break;
    case 'approval-requested':
      lines.push(`[incident-responder] Approval needed: ${message.approval?.invocation ?? 'a tool call'}${message.approval?.reason ? ` (${message.approval.reason})` : ''}.`);
      if (message.links.approvals) lines.push(`Decide: ${message.links.approvals}`);
      break;
    case 'resolved':
      lines.push(`[incident-responder] Incident resolved${message.occurredAt ? ` at ${message.occurredAt}` : ''}; the investigation is closed.`);
      break;
    case 'report':
      lines.push(`[incident-responder] Investigation report: ${report?.summary ?? ''}`);
      break;
    case 'task-failed':
      lines.push(`[incident-responder] ${message.incident.title}`);
      break;
  }
  if (report && message.kind !== 'approval-requested') {
    lines.push(report.rootCause ? `Root cause: ${report.rootCause} (confidence ${Math.round(report.confidence * 100)}%)` : 'Root cause: undetermined');
    if (report.target?.status === 'unknown') lines.push('Target unknown: no resource, workspace or component could be tied to this incident; see the gaps in the report.');
    const actions = report.recommendedActions.slice(0, 3);
    if (actions.length > 0) {
      lines.push(`Recommended${report.mode === 'review' ? ' (proposals, need a human decision)' : ''}:`);
      actions.forEach((action, index) => lines.push(`${index + 1}. ${action.action}`));
    }
  }
  lines.push(`Full report: ${message.links.report}`);
  const footer = `-- ${marker}`;
  const body = lines.join('\n');
  const room = MAX_NOTE_CHARS - footer.length - 2;
  return `${body.length > room ? `${body.slice(0, room - 1)}…` : body}\n${footer}`;
}

/** One line for status updates and resolutions: the root cause, or the summary without one. */
function rootCauseLine(message: DeliveryMessage): string | undefined {
  const report = message.report;
  if (!report) return undefined;
  const text = report.rootCause ? `Root cause: ${report.rootCause} (confidence ${Math.round(report.confidence * 100)}%).` : `Investigation finished: ${report.summary}`;
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

export { noteText, rootCauseLine, MAX_NOTE_CHARS };
