import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { Incident } from '../incident';
import { evidenceRows, numberOf, textOf, timeOf, type EvidenceRows } from './evidenceRows';
import type { IncidentEvent } from './reportSchema';

const MAX_EVENTS = 40;
const REVISION_REASONS = new Set(['RevisionCreation', 'RevisionReady', 'TrafficWeightUpdated', 'RevisionDeactivating', 'RevisionProvisioningError']);

type Draft = Omit<IncidentEvent, 'kind'> & { kind: 'change' | 'first-error' };

const lastSegment = (id: string | undefined): string | undefined => id?.split('/').filter(Boolean).pop();

/** AzureActivity rows (raw, or summarised with `lastWrite`/`firstWrite`): writes, deletes, actions on resources. */
function activityEvents({ rows, toolCallId }: EvidenceRows): Draft[] {
  return rows.flatMap((row) => {
    const at = timeOf(row, 'TimeGenerated', 'lastWrite', 'LastWrite', 'firstWrite', 'FirstWrite');
    const operation = textOf(row, 'OperationNameValue', 'OperationName');
    if (!at || !operation) return [];
    const resource = lastSegment(textOf(row, '_ResourceId', 'ResourceId'));
    const status = textOf(row, 'ActivityStatusValue');
    const count = numberOf(row, 'writes');
    const caller = textOf(row, 'Caller');
    const detail = [status, count !== undefined && count > 1 ? `${count} times, last at this time` : undefined, caller ? `by ${caller}` : undefined].filter(Boolean).join(', ');
    return [{ at, kind: 'change' as const, event: `${operation}${resource ? ` on ${resource}` : ''}${detail ? ` (${detail})` : ''}`, toolCallId }];
  });
}

/** Container Apps system log rows about revisions: created, ready, traffic shifted, deactivated. */
function revisionEvents({ rows, toolCallId }: EvidenceRows): Draft[] {
  return rows.flatMap((row) => {
    const at = timeOf(row, 'TimeGenerated');
    const reason = textOf(row, 'Reason_s');
    if (!at || !reason || !REVISION_REASONS.has(reason)) return [];
    const text = textOf(row, 'Log_s') ?? textOf(row, 'RevisionName_s') ?? '';
    return [{ at, kind: 'change' as const, event: `${reason}: ${text}`, toolCallId }];
  });
}

/** Resource Graph `resourcechanges` rows: what changed on which resource. */
function resourceChangeEvents({ rows, toolCallId }: EvidenceRows): Draft[] {
  return rows.flatMap((row) => {
    const properties = (row.properties ?? {}) as Record<string, unknown>;
    const attributes = (properties.changeAttributes ?? {}) as Record<string, unknown>;
    const at = timeOf(attributes, 'timestamp') ?? timeOf(row, 'timestamp');
    if (!at) return [];
    const resource = lastSegment(textOf(properties, 'targetResourceId') ?? textOf(row, 'targetResourceId'));
    const change = textOf(properties, 'changeType') ?? textOf(row, 'changeType') ?? 'Change';
    return [{ at, kind: 'change' as const, event: `${change} of ${resource ?? 'a resource'} (Resource Graph change)`, toolCallId }];
  });
}

/**
 * Application Insights rows that date the first error: a `firstFailure` column (first failed
 * request, per version when grouped by AppVersion), or the first time an exception type was seen.
 */
function firstErrorEvents({ rows, table, toolCallId }: EvidenceRows): Draft[] {
  const events: Draft[] = [];
  for (const row of rows) {
    const version = textOf(row, 'AppVersion');
    const failedAt = timeOf(row, 'firstFailure', 'FirstFailure', 'first_failure');
    const failed = numberOf(row, 'failed');
    if (failedAt && (failed === undefined || failed > 0)) {
      events.push({ at: failedAt, kind: 'first-error', event: `first failed request${version ? ` of version ${version}` : ''}${failed !== undefined ? ` (${failed} failed in the window)` : ''}`, toolCallId });
    }
    const seenAt = timeOf(row, 'firstSeen', 'FirstSeen');
    const type = textOf(row, 'ExceptionType', 'ProblemId', 'Type');
    if (/exceptions$/i.test(table) && seenAt && type) {
      const count = numberOf(row, 'occurrences') ?? numberOf(row, 'count_');
      events.push({ at: seenAt, kind: 'first-error', event: `first ${type}${version ? ` in version ${version}` : ''}${count !== undefined ? ` (${count} in the window)` : ''}`, toolCallId });
    }
  }
  return events;
}

/**
 * The incident's own timeline from the evidence and the source: changes (deployments, revisions,
 * resource changes), the first errors, the alert firing, changes after it (mitigations) and the
 * resolve. Each event names the tool call that shows it; duplicates (the same event from several
 * hypotheses' queries) appear once, oldest first.
 */
function buildIncidentTimeline(incident: Incident, toolCalls: ReadonlyArray<ToolCallRecord>): IncidentEvent[] {
  const drafts: Draft[] = [];
  for (const record of toolCalls) {
    const rows = evidenceRows(record);
    if (!rows) continue;
    if (/^AzureActivity$/i.test(rows.table)) drafts.push(...activityEvents(rows));
    else if (/^ContainerAppSystemLogs/i.test(rows.table)) drafts.push(...revisionEvents(rows));
    else if (/^resourcechanges$/i.test(rows.table)) drafts.push(...resourceChangeEvents(rows));
    else if (/^(App|requests|exceptions)/i.test(rows.table)) drafts.push(...firstErrorEvents(rows));
  }
  const fired = Date.parse(incident.firedAt);
  drafts.sort((a, b) => a.at.localeCompare(b.at)).splice(MAX_EVENTS);
  const events: IncidentEvent[] = drafts.map((draft) => (draft.kind === 'change' && Date.parse(draft.at) > fired ? { ...draft, kind: 'mitigation' as const, event: `${draft.event} (after the alert)` } : draft));
  events.push({ at: new Date(fired).toISOString(), kind: 'alert', event: `alert fired: ${incident.rule?.name ?? incident.title}` });
  if (incident.resolvedAt) events.push({ at: new Date(Date.parse(incident.resolvedAt)).toISOString(), kind: 'resolved', event: `resolved at the source (${incident.source})` });
  const seen = new Set<string>();
  const unique = events.filter((event) => {
    const key = `${event.at}|${event.event}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return unique.sort((a, b) => a.at.localeCompare(b.at));
}

export { buildIncidentTimeline };
