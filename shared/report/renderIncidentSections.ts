import { portalResourceUrl } from './portalLinks';
import type { EvidenceItem, InvestigationReport } from './reportSchema';

/**
 * "## Target": what the investigation looked at and how each part was resolved; an unknown
 * target is said first and plainly, with what to configure.
 */
function renderTargetSection(report: InvestigationReport, tenant?: string): string[] {
  const target = report.target;
  if (!target) return [];
  const lines = ['## Target', ''];
  if (target.status === 'unknown') {
    lines.push('**Target unknown.** Nothing tied this incident to an Azure resource, workspace or App Insights component, so no telemetry was chosen for it and the confidence is capped.');
    lines.push(...target.gaps.map((gap) => `- ${gap}`), '');
    return lines;
  }
  const method = { catalog: 'the service catalog', alert: 'the ARM ids in the alert', 'resource-graph': 'Resource Graph', unknown: 'nothing' }[target.method];
  lines.push(`Resolved from ${method}${target.service ? `: service \`${target.service}\` (matched by ${target.matchedBy})` : ''}.`, '');
  lines.push(`- Workspace: ${target.workspace ? `\`${target.workspace.name}\` (${target.workspace.how})` : '_none resolved_'}`);
  lines.push(`- App Insights component: ${target.appInsights ? `\`${target.appInsights.name}\` (${target.appInsights.how})` : '_none resolved_'}`);
  if (target.roleNames.length > 0) lines.push(`- Cloud role names: ${target.roleNames.map((name) => `\`${name}\``).join(', ')}`);
  for (const resource of target.resources) {
    lines.push(`- Resource: [\`${resource.id.split('/').pop()}\`](${portalResourceUrl(resource.id, tenant)}) (${resource.how})`);
  }
  lines.push(...target.gaps.map((gap) => `- Gap: ${gap}`), '');
  return lines;
}

/** "## Timeline": the incident's own events, each with the tool call that shows it. */
function renderIncidentTimeline(report: InvestigationReport): string[] {
  const events = report.incidentTimeline ?? [];
  if (events.length === 0) return [];
  return ['## Timeline', '', ...events.map((event) => `- ${event.at} **${event.kind}**: ${event.event}${event.toolCallId ? ` (evidence \`${event.toolCallId}\`)` : ''}`), ''];
}

/** The links line under one evidence item, empty when it has none. */
function renderEvidenceLinks(item: EvidenceItem): string[] {
  const links = item.links ?? [];
  return links.length === 0 ? [] : [`Links: ${links.map((link) => `[${link.title}](${link.url})`).join(' · ')}`, ''];
}

export { renderTargetSection, renderIncidentTimeline, renderEvidenceLinks };
