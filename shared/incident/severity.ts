import type { Severity } from './incidentSchema';

const SEVERITIES: readonly Severity[] = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'];

/** Severity used when a source gives none (Azure budget alerts send `severity: null`). */
const DEFAULT_SEVERITY: Severity = 'Sev3';

/** Reads an Azure Monitor `Sev0`..`Sev4` (case-insensitive); `undefined` for anything else. */
function severityFromAzure(value: string | null | undefined): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^sev([0-4])$/i.exec(value.trim());
  return match ? SEVERITIES[Number(match[1])] : undefined;
}

/**
 * PagerDuty priority and urgency to severity. The priority wins when it is one of the default
 * scheme's names `P1`..`P5` (P1 Sev0 ... P5 Sev4); custom priority names and incidents without a
 * priority fall back to urgency (high Sev1, low Sev3).
 *
 * @example
 * severityFromPagerDuty('P2', 'low');   // 'Sev1'
 * severityFromPagerDuty(null, 'high');  // 'Sev1'
 */
function severityFromPagerDuty(prioritySummary: string | null | undefined, urgency: string | null | undefined): Severity {
  const priority = typeof prioritySummary === 'string' ? /^p([1-5])$/i.exec(prioritySummary.trim()) : null;
  if (priority) return SEVERITIES[Number(priority[1]) - 1]!;
  if (urgency === 'high') return 'Sev1';
  if (urgency === 'low') return 'Sev3';
  return DEFAULT_SEVERITY;
}

/**
 * ServiceNow's out-of-the-box priority lookup (impact × urgency, each 1 High / 2 Medium / 3 Low):
 * 1/1→1, 1/2→2, 1/3→3, 2/1→2, 2/2→3, 2/3→4, 3/1→3, 3/2→4, 3/3→5.
 */
function serviceNowPriorityFromImpactUrgency(impact: number, urgency: number): number | undefined {
  if (![1, 2, 3].includes(impact) || ![1, 2, 3].includes(urgency)) return undefined;
  const sum = impact + urgency;
  return sum - 1;
}

/**
 * ServiceNow priority (1 Critical .. 5 Planning) to severity (Sev0 .. Sev4). Without a usable
 * priority it is derived from impact and urgency with the out-of-the-box lookup; Table API values
 * are strings, so all three arrive as `"1"`..`"5"`.
 */
function severityFromServiceNow(priority?: string | null, impact?: string | null, urgency?: string | null): Severity {
  const direct = Number(priority);
  if (Number.isInteger(direct) && direct >= 1 && direct <= 5) return SEVERITIES[direct - 1]!;
  const derived = serviceNowPriorityFromImpactUrgency(Number(impact), Number(urgency));
  return derived === undefined ? DEFAULT_SEVERITY : SEVERITIES[derived - 1]!;
}

export { DEFAULT_SEVERITY, severityFromAzure, severityFromPagerDuty, severityFromServiceNow, serviceNowPriorityFromImpactUrgency };
