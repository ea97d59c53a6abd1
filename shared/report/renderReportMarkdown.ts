import { renderEvidenceLinks, renderIncidentTimeline, renderTargetSection } from './renderIncidentSections';
import { renderReliedOnSection, renderSeenBeforeSection } from '../memory/renderSeenBefore';
import type { InvestigationReport } from './reportSchema';
import { renderKnowledgeUsedSection } from '../knowledge/renderKnowledgeUsed';

/**
 * Renders the report as Markdown for the blob store, PagerDuty notes and ServiceNow work notes.
 * Every evidence item shows its tool call id, tool, query and time range; in review mode the
 * actions are labelled proposals; without a model the report says so in its first lines.
 */
function renderReportMarkdown(report: InvestigationReport): string {
  const lines: string[] = [];
  lines.push(`# Investigation: ${escapeInline(report.incidentTitle)}`, '');
  lines.push(
    report.modelUsed
      ? `> Investigated by the model \`${report.model ?? 'unknown'}\` with plan \`${report.planId}\` (${report.mode} mode).`
      : `> **No model was used.** This report comes from the deterministic checks and verdict rules of plan \`${report.planId}\` (${report.mode} mode).`,
    '',
  );
  lines.push('## Summary', '', report.summary, '');
  lines.push(...renderTargetSection(report));
  lines.push('## Root cause', '');
  if (report.rootCause) {
    lines.push(`${report.rootCause}${report.rootCauseCategory ? ` (category \`${report.rootCauseCategory}\`)` : ''}, confidence ${pct(report.confidence)}.`, '');
  } else {
    lines.push(`**Undetermined** (confidence ${pct(report.confidence)}): no hypothesis is supported by the evidence.`, '');
    for (const lead of report.leads ?? []) {
      lines.push(`- Lead: ${lead.title} (\`${lead.hypothesisId}\`, ${lead.verdict}, ${pct(lead.confidence)}). Missing: ${lead.missingEvidence.map(escapeInline).join('; ')}`);
    }
    if ((report.leads ?? []).length > 0) lines.push('');
  }
  lines.push(...renderSeenBeforeSection(report.seenBefore), ...renderReliedOnSection(report.reliedOn));
  lines.push(...renderKnowledgeUsedSection(report.knowledgeUsed));

  lines.push(...renderIncidentTimeline(report));

  lines.push('## Hypotheses', '', '| Hypothesis | Category | Verdict | Confidence | Evidence | Summary |', '|---|---|---|---|---|---|');
  for (const row of report.hypotheses) {
    lines.push(
      `| ${cell(`${row.title} (\`${row.hypothesisId}\`)`)} | ${row.rootCauseCategory} | ${row.verdict} | ${pct(row.confidence)} | ${cell(row.evidence.map((id) => `\`${id}\``).join(', ') || '-')} | ${cell(row.summary)} |`,
    );
  }
  lines.push('');

  lines.push('## Recommended actions', '');
  if (report.recommendedActions.length === 0) lines.push('_None._');
  for (const [index, item] of report.recommendedActions.entries()) {
    const label = item.proposal ? '**Proposal** (review mode, needs a human decision): ' : '';
    lines.push(`${index + 1}. ${label}${item.action}${item.rationale ? ` (${item.rationale})` : ''}`);
  }
  lines.push('');

  if (report.remediations && report.remediations.length > 0) {
    lines.push('## Remediation actions', '');
    for (const action of report.remediations) {
      const verified = action.verification
        ? ` Verification (${action.verification.check} at ${action.verification.at}): ${action.verification.cleared === null ? 'could not tell' : action.verification.cleared ? '**symptom cleared**' : '**symptom not cleared**'} (${action.verification.summary}).`
        : '';
      lines.push(`- ${action.title} (\`${action.hypothesisId}/${action.remediationId}\`): **${action.status}**: ${action.detail}.${verified}`, '', fence(action.invocation), '');
    }
  }

  lines.push('## Evidence', '');
  if (report.evidence.length === 0) lines.push('_No tool call was cited as evidence._');
  for (const item of report.evidence) {
    const range = item.timeRange ? `, ${item.timeRange.start} to ${item.timeRange.end}` : '';
    lines.push(`### \`${item.toolCallId}\`: ${item.tool} (${item.status}${range})`, '', fence(item.query), '', `Result: ${item.resultExcerpt}`, '', ...renderEvidenceLinks(item));
  }

  lines.push('## Gaps', '');
  lines.push(...(report.gaps.length > 0 ? report.gaps.map((gap) => `- ${gap}`) : ['_None recorded._']), '');

  if (report.timeline.length > 0) {
    lines.push(report.incidentTimeline ? '## Investigation steps' : '## Timeline', '', ...report.timeline.map((entry) => `- ${entry.at}: ${entry.event}`), '');
  }

  const usage = report.usage;
  lines.push(
    '## Cost and timings',
    '',
    `- Duration: ${(report.timings.durationMs / 1000).toFixed(1)} s (${report.timings.startedAt} to ${report.timings.finishedAt})`,
    report.modelUsed
      ? `- Model calls: ${usage.modelCalls}; tokens: ${usage.inputTokens} input, ${usage.outputTokens} output, ${usage.cacheReadInputTokens} cache read, ${usage.cacheCreationInputTokens} cache write`
      : '- Model calls: 0 (deterministic mode)',
    `- Estimated cost: $${usage.costUsd.toFixed(4)}${usage.unpricedModels.length > 0 ? ` (no price for ${usage.unpricedModels.join(', ')})` : ''}`,
    '',
  );
  return lines.join('\n');
}

/** The report as stable, pretty JSON (what is stored beside the Markdown). */
function renderReportJson(report: InvestigationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, ' ');
}

/** A fenced block long enough not to be closed by backticks inside the query. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}\n${text}\n${marks}`;
}

export { renderReportMarkdown, renderReportJson };
