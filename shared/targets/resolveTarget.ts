import { parseArmResourceIds, type AffectedResource, type Incident } from '../incident';
import { incidentNames } from './incidentNames';
import type { ServiceCatalog } from './loadServiceCatalog';
import { matchCatalogService } from './matchCatalogService';
import type { ResolvedName, ResolvedTarget } from './resolvedTarget';
import { telemetryForResources, type TelemetryLists } from './telemetryForResources';

/** Resources Resource Graph found for names and tags, and the query that found them. */
interface ResourceLookupResult {
  resources: AffectedResource[];
  query: string;
}

/** Looks resources up by name (and `service`/`app` tags); `undefined` when Resource Graph is not configured. */
type ResourceLookup = (names: ReadonlyArray<string>) => Promise<ResourceLookupResult | undefined>;

interface TargetInputs {
  incident: Incident;
  catalog: ServiceCatalog;
  telemetry: TelemetryLists;
  lookup?: ResourceLookup;
}

const CONFIGURE_HINT =
  'add the service to the service catalog (config/services.yaml: its names, PagerDuty service ids or ServiceNow CIs, resources, ' +
  'workspace and App Insights component; see docs/targets.md), or send alerts that carry the resource ARM ids';

/**
 * Decides what the investigation looks at, in order, and records how:
 * 1. the service catalog, matched on the alert's ARM ids, PagerDuty service id, ServiceNow CI,
 *    service names and aliases, or tags: its resources, workspace, component and role names;
 * 2. the ARM ids in the alert, with the configured workspace and component that relate to them;
 * 3. Resource Graph, by the names the incident gives;
 * 4. otherwise the target is unknown: no workspace or component is guessed, and the gap says
 *    what to configure.
 */
async function resolveTarget(inputs: TargetInputs): Promise<ResolvedTarget> {
  const { incident, catalog, telemetry } = inputs;
  const names = incidentNames(incident);
  const gaps: string[] = [];
  const match = matchCatalogService(catalog.services, incident.resources, names, incident.customProperties, telemetry.TELEMETRY_APP_INSIGHTS);
  if (match) {
    const { service } = match;
    const from = `catalog service ${service.id}`;
    if (match.alsoMatched.length > 0) gaps.push(`target: the incident also matches catalog services ${match.alsoMatched.join(', ')} by ${match.rule}; ${service.id} (first in the catalog) was used`);
    const own = parseArmResourceIds(service.resources);
    const resources = [
      ...own.map((r) => ({ id: r.id, how: from })),
      ...incident.resources.filter((r) => !own.some((o) => o.id === r.id)).map((r) => ({ id: r.id, how: 'ARM id in the alert' })),
    ];
    const derived = telemetryForResources([...own, ...incident.resources], telemetry);
    const workspace = configured(service.workspace, telemetry.TELEMETRY_WORKSPACES, 'workspace', 'TELEMETRY_WORKSPACES', from, gaps);
    const appInsights = configured(service.appInsights, telemetry.TELEMETRY_APP_INSIGHTS, 'appInsights', 'TELEMETRY_APP_INSIGHTS', from, gaps);
    const storing = appInsights && !workspace ? telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[appInsights.name] : undefined;
    const target: ResolvedTarget = {
      status: 'resolved',
      method: 'catalog',
      service: service.id,
      matchedBy: match.matchedBy,
      resources,
      workspace: workspace ?? (storing ? { name: storing, how: `stores component ${appInsights!.name} (TELEMETRY_APP_INSIGHTS_WORKSPACES)` } : derived.workspace),
      appInsights: appInsights ?? (service.appInsights ? null : derived.appInsights),
      roleNames: service.roleNames,
      gaps,
    };
    return withTelemetryGap(target);
  }

  let resources = incident.resources.map((r) => ({ resource: r, how: 'ARM id in the alert' }));
  let method: ResolvedTarget['method'] = 'alert';
  if (resources.length === 0 && names.names.length > 0 && inputs.lookup) {
    const found = await inputs.lookup(names.names);
    if (found && found.resources.length > 0) {
      method = 'resource-graph';
      resources = found.resources.map((r) => ({ resource: r, how: `Resource Graph: ${found.query.replace(/\s+/g, ' ').trim()}` }));
    }
  }
  if (resources.length === 0) {
    const said = names.names.length > 0 ? `the incident names ${names.names.map((n) => `'${n}'`).join(', ')}, ` : 'the incident names no service, ';
    const rg = inputs.lookup ? 'which matched no catalog service and no resource in Resource Graph' : 'which matched no catalog service (Resource Graph is not configured)';
    return {
      status: 'unknown',
      method: 'unknown',
      service: null,
      matchedBy: null,
      resources: [],
      workspace: null,
      appInsights: null,
      roleNames: [],
      gaps: [`target unknown: the alert carries no Azure resource id and ${said}${rg}; to fix it, ${CONFIGURE_HINT}`],
    };
  }
  const derived = telemetryForResources(resources.map((r) => r.resource), telemetry);
  return withTelemetryGap({
    status: 'resolved',
    method,
    service: null,
    matchedBy: null,
    resources: resources.map((r) => ({ id: r.resource.id, how: r.how })),
    workspace: derived.workspace,
    appInsights: derived.appInsights,
    roleNames: [],
    gaps,
  });
}

/** A catalog name when it is configured for the tools; otherwise a gap naming the setting. */
function configured(name: string | undefined, list: Readonly<Record<string, string>>, field: string, setting: string, from: string, gaps: string[]): ResolvedName | null {
  if (name === undefined) return null;
  if (name in list) return { name, how: from };
  gaps.push(`target: ${from} names ${field} '${name}', which is not in ${setting}; its telemetry cannot be queried`);
  return null;
}

function withTelemetryGap(target: ResolvedTarget): ResolvedTarget {
  if (target.workspace || target.appInsights) return target;
  const about = target.service ? `catalog service ${target.service}` : target.resources.map((r) => r.id.split('/').pop()).join(', ');
  return {
    ...target,
    gaps: [...target.gaps, `target: no configured workspace or App Insights component holds the telemetry of ${about}; set workspace and appInsights in its catalog entry (docs/targets.md)`],
  };
}

export { resolveTarget };
export type { ResourceLookup, ResourceLookupResult, TargetInputs };
