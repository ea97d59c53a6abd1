import { SEVERITIES, type Plan, type PlanMatch, type Severity } from './planSchema';

/**
 * The part of an incident plan matching reads. Declared structurally so the normalised
 * `Incident` (shared/incident) fits it without this module depending on that one.
 */
interface MatchableIncident {
  /** `azure-monitor`, `event-grid`, `pagerduty`, `servicenow` (shared/incident). */
  source: string;
  title: string;
  severity: Severity;
  status?: string;
  service?: string | null;
  resources: ReadonlyArray<{ id: string; subscriptionId?: string; resourceGroup?: string | null; type?: string; name?: string }>;
  /** Azure Monitor's `Fired` / `Resolved`, when given directly. */
  monitorCondition?: string | null;
  /** The normalised incident keeps the monitor condition in `signal.details.monitorCondition`. */
  signal?: { details: Readonly<Record<string, unknown>> };
}

/** The chosen plan and why: how many filters matched, for logs and the report. */
interface PlanMatchResult {
  plan: Plan;
  /** Number of filters the plan declares (all of which matched). 0 for a catch-all plan. */
  specificity: number;
  /** Names of the filters that matched, e.g. `['severity', 'titleContains']`. */
  matchedFilters: string[];
}

const FILTERS = ['source', 'severity', 'titleContains', 'titleRegex', 'service', 'resourceType', 'resourceGroup', 'monitorCondition'] as const;
type FilterName = (typeof FILTERS)[number];

/**
 * Picks the plan for an incident: among plans whose every declared filter matches, the most
 * specific (most filters) wins; ties go to the higher `priority`, then the smaller id. A plan
 * with `match: {}` (the `default` plan) takes whatever nothing more specific takes. A plan with
 * `trigger: manual` takes no incident here; it runs only when started by id.
 * Returns `undefined` when no plan matches (no catch-all plan loaded).
 */
function matchPlan(plans: ReadonlyArray<Plan>, incident: MatchableIncident): PlanMatchResult | undefined {
  const candidates: PlanMatchResult[] = [];
  for (const plan of plans) {
    if (plan.trigger === 'manual') continue;
    const declared = FILTERS.filter((name) => plan.match[name] !== undefined);
    if (declared.every((name) => filterMatches(name, plan.match, incident))) {
      candidates.push({ plan, specificity: declared.length, matchedFilters: [...declared] });
    }
  }
  candidates.sort(
    (a, b) => b.specificity - a.specificity || b.plan.priority - a.plan.priority || a.plan.id.localeCompare(b.plan.id),
  );
  return candidates[0];
}

function filterMatches(name: FilterName, match: PlanMatch, incident: MatchableIncident): boolean {
  switch (name) {
    case 'source':
      return anyEquals(match.source, [incident.source]);
    case 'severity':
      return severityMatches(match.severity, incident.severity);
    case 'titleContains': {
      const title = incident.title.toLowerCase();
      return list(match.titleContains).some((needle) => title.includes(needle.toLowerCase()));
    }
    case 'titleRegex':
      return match.titleRegex !== undefined && new RegExp(match.titleRegex, 'i').test(incident.title);
    case 'service':
      return incident.service != null && anyEquals(match.service, [incident.service]);
    case 'resourceType':
      return anyEquals(match.resourceType, incident.resources.map((resource) => resource.type ?? ''));
    case 'resourceGroup':
      return anyEquals(match.resourceGroup, incident.resources.map((resource) => resource.resourceGroup ?? ''));
    case 'monitorCondition': {
      const condition = incident.monitorCondition ?? incident.signal?.details.monitorCondition;
      return typeof condition === 'string' && condition.toLowerCase() === match.monitorCondition?.toLowerCase();
    }
  }
}

function severityMatches(filter: PlanMatch['severity'], severity: Severity): boolean {
  if (filter === undefined) return true;
  if (Array.isArray(filter)) return filter.includes(severity);
  const index = SEVERITIES.indexOf(severity);
  return index >= SEVERITIES.indexOf(filter.min) && index <= SEVERITIES.indexOf(filter.max);
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function anyEquals(expected: string | string[] | undefined, actual: ReadonlyArray<string>): boolean {
  const wanted = new Set(list(expected).map((value) => value.toLowerCase()));
  return actual.some((value) => wanted.has(value.toLowerCase()));
}

export { matchPlan };
export type { MatchableIncident, PlanMatchResult };
