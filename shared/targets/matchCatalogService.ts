import type { AffectedResource } from '../incident';
import type { IncidentNames } from './incidentNames';
import type { CatalogService } from './serviceCatalogSchema';

/** A catalog entry an incident matched, how, and other entries that matched as well. */
interface CatalogMatch {
  service: CatalogService;
  /** The rule that matched, e.g. `PagerDuty service id`. */
  rule: string;
  /** The rule and the value it matched, e.g. `PagerDuty service id PX7KQ2M`. */
  matchedBy: string;
  /** Other services the same rule matched (the first one is used; the report names the ambiguity). */
  alsoMatched: string[];
}

const lower = (s: string): string => s.toLowerCase();

/** True when `id` is the resource or lies under it (a database of a server, a slot of a site). */
function within(id: string, resource: string): boolean {
  const r = lower(resource);
  return id === r || id.startsWith(`${r}/`);
}

/**
 * Finds the catalog service an incident is about, most specific rule first:
 * 1. an alert ARM id is one of the service's resources (or its App Insights component);
 * 2. the PagerDuty service id; 3. the ServiceNow CI or business service;
 * 4. a name or alias equals a name the incident gives; 5. every tag equals a custom property.
 */
function matchCatalogService(
  services: ReadonlyArray<CatalogService>,
  resources: ReadonlyArray<AffectedResource>,
  names: IncidentNames,
  customProperties: Readonly<Record<string, string>>,
  componentIds: Readonly<Record<string, string>>,
): CatalogMatch | undefined {
  const rules: Array<[string, (service: CatalogService) => string | undefined]> = [
    [
      'alert resource',
      (service) => {
        const owned = [...service.resources, ...(service.appInsights && componentIds[service.appInsights] ? [componentIds[service.appInsights]!] : [])];
        return resources.find((r) => owned.some((id) => within(r.id, id)))?.id;
      },
    ],
    ['PagerDuty service id', (service) => (names.pagerDutyServiceId && service.pagerDutyServiceIds.includes(names.pagerDutyServiceId) ? names.pagerDutyServiceId : undefined)],
    ['ServiceNow CI', (service) => names.serviceNowCis.find((ci) => service.serviceNowCis.some((own) => lower(own) === lower(ci)))],
    [
      'service name',
      (service) => {
        const own = [service.id, ...(service.name ? [service.name] : []), ...service.aliases].map(lower);
        return names.names.find((name) => own.includes(lower(name)));
      },
    ],
    [
      'tags',
      (service) => {
        const tags = Object.entries(service.tags);
        if (tags.length === 0 || !tags.every(([key, value]) => lower(customProperties[key] ?? '') === lower(value))) return undefined;
        return tags.map(([key, value]) => `${key}=${value}`).join(', ');
      },
    ],
  ];
  for (const [rule, test] of rules) {
    const hits = services.flatMap((service) => {
      const value = test(service);
      return value === undefined ? [] : [{ service, value }];
    });
    const first = hits[0];
    if (first) return { service: first.service, rule, matchedBy: `${rule} ${first.value}`, alsoMatched: hits.slice(1).map((hit) => hit.service.id) };
  }
  return undefined;
}

export { matchCatalogService };
export type { CatalogMatch };
