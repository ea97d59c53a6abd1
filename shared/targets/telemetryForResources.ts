import type { AffectedResource } from '../incident';
import type { TelemetrySettings } from '../tools/telemetrySettings';
import type { ResolvedName } from './resolvedTarget';

type TelemetryLists = Pick<TelemetrySettings, 'TELEMETRY_WORKSPACES' | 'TELEMETRY_APP_INSIGHTS' | 'TELEMETRY_APP_INSIGHTS_WORKSPACES'>;

const lower = (s: string): string => s.toLowerCase();
/**
 * Words of resource names that say nothing about which service it is: environments, regions and
 * the type prefixes of the naming conventions (`law-`, `appi-`, `rg-`...). `law-shop-prod` must
 * not look related to `aks-prod-weu` because both are `prod`.
 */
const GENERIC = new Set(
  ('prod production prd dev development test tst stg staging qa uat preprod shared hub rg law log logs la ws workspace appi ai insights ' +
    'app apps web site ca cae func fn kv sql psql db vm vmss aks agw vnet vpngw lgw conn weu neu eus eus2 wus wus2 westeurope northeurope ' +
    'eastus eastus2 westus westus2 uks ukw')
    .split(' '),
);
const words = (s: string): string[] => lower(s).split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !GENERIC.has(w));

function scopeOf(armId: string): string {
  const m = /\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)(\/|$)/i.exec(armId);
  return m ? `${lower(m[1]!)}/${lower(m[2]!)}` : '';
}

/**
 * The configured workspace and Application Insights component that hold the telemetry of
 * `resources`, each with the reason, or `null` when nothing ties them (never a first-configured
 * guess):
 * - component: the resource itself, else one in the same subscription and resource group (of
 *   several, the name sharing most words with the resources: `appi-checkout-prod` for
 *   `app-checkout-prod-weu`), else the one stored in the chosen workspace;
 * - workspace: one named like a resource (a log alert on the workspace), else the one storing
 *   the chosen component, else one whose name shares words with the resources' names and
 *   resource groups (`law-network-prod` for a gateway in `rg-network-hub`).
 */
function telemetryForResources(resources: ReadonlyArray<AffectedResource>, telemetry: TelemetryLists): { workspace: ResolvedName | null; appInsights: ResolvedName | null } {
  const workspaces = Object.keys(telemetry.TELEMETRY_WORKSPACES);
  const components = Object.entries(telemetry.TELEMETRY_APP_INSIGHTS);
  const nameWords = new Set(resources.flatMap((r) => words(r.name)));
  const groupWords = new Set(resources.flatMap((r) => words(r.resourceGroup ?? '')));
  // A word of a resource's own name counts twice a word of its resource group; ties keep configuration order.
  const closest = (names: string[]): { name: string; score: number } | undefined => {
    let best: { name: string; score: number } | undefined;
    for (const name of names) {
      const score = words(name).reduce((sum, w) => sum + (nameWords.has(w) ? 2 : groupWords.has(w) ? 1 : 0), 0);
      if (!best || score > best.score) best = { name, score };
    }
    return best;
  };
  const storedIn = (component: string): string | undefined =>
    telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[component] ?? (workspaces.length === 1 ? workspaces[0] : undefined);

  let appInsights: ResolvedName | null = null;
  const itself = components.find(([, armId]) => resources.some((r) => r.id === lower(armId)));
  if (itself) appInsights = { name: itself[0], how: `the alert's own resource (${itself[1]})` };
  else {
    const scopes = new Map(resources.map((r) => [scopeOf(r.id), r.name]));
    const inScope = closest(components.filter(([, armId]) => scopes.has(scopeOf(armId))).map(([name]) => name));
    if (inScope) {
      const armId = telemetry.TELEMETRY_APP_INSIGHTS[inScope.name]!;
      appInsights = { name: inScope.name, how: `in the resource group of ${scopes.get(scopeOf(armId))}` };
    }
  }

  let workspace: ResolvedName | null = null;
  const named = workspaces.find((name) => resources.some((r) => lower(r.name) === lower(name)));
  const ofComponent = appInsights ? storedIn(appInsights.name) : undefined;
  const similar = closest(workspaces);
  if (named) workspace = { name: named, how: 'named like the alert\'s resource' };
  else if (ofComponent) workspace = { name: ofComponent, how: `stores component ${appInsights!.name} (TELEMETRY_APP_INSIGHTS_WORKSPACES)` };
  else if (similar && similar.score > 0) workspace = { name: similar.name, how: `its name shares words with ${resources.map((r) => r.name).join(', ')}` };

  if (!appInsights && workspace) {
    const stored = components.find(([name]) => telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[name] === workspace!.name);
    if (stored) appInsights = { name: stored[0], how: `stored in workspace ${workspace.name} (TELEMETRY_APP_INSIGHTS_WORKSPACES)` };
  }
  return { workspace, appInsights };
}

export { telemetryForResources };
export type { TelemetryLists };
