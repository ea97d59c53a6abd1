import type { Incident } from '../incident';
import type { TelemetrySettings } from '../tools/telemetrySettings';
import type { CheckContext } from './investigationSchemas';

const lower = (s: string): string => s.toLowerCase();

/**
 * Chooses the workspace, Application Insights component and host a plan's checks run against,
 * and the time window, from the incident and the configured allow-lists:
 * - workspace: one named like an affected resource, else the one storing the chosen component,
 *   else the one whose name shares the most words with the affected resources' names and
 *   resource groups (`law-network-prod` for a gateway in `rg-network-hub`), else the first;
 * - component: one in the same subscription and resource group as an affected resource (of
 *   several, the one whose name shares the most words with them: `appi-checkout-prod` for
 *   `app-checkout-prod-weu`), else the one stored in the chosen workspace, else the first;
 * - host: the incident's `host` / `hostname` custom property, else none;
 * - window: `lookbackMinutes` before the alert fired until now.
 */
function resolveCheckContext(incident: Incident, telemetry: TelemetrySettings, lookbackMinutes: number, now: Date): CheckContext {
  const resourceNames = incident.resources.map((r) => lower(r.name));
  const scopes = incident.resources.map((r) => `${lower(r.subscriptionId ?? '')}/${lower(r.resourceGroup ?? '')}`);
  const workspaces = Object.keys(telemetry.TELEMETRY_WORKSPACES);
  const components = Object.entries(telemetry.TELEMETRY_APP_INSIGHTS);
  const componentScope = (armId: string): string => {
    const m = /\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\//i.exec(armId);
    return m ? `${lower(m[1]!)}/${lower(m[2]!)}` : '';
  };
  // Several resource groups hold more than one component or workspace: prefer the name closest
  // to the affected resources (shared words), keeping configuration order on ties.
  const words = (s: string): string[] => lower(s).split(/[^a-z0-9]+/).filter((w) => w.length > 1);
  // A word of a resource's own name counts twice a word of its resource group.
  const nameWords = new Set(incident.resources.flatMap((r) => words(r.name)));
  const groupWords = new Set(incident.resources.flatMap((r) => words(r.resourceGroup ?? '')));
  const closest = (names: string[]): string | undefined => {
    let best: { name: string; score: number } | undefined;
    for (const name of names) {
      const score = words(name).reduce((sum, w) => sum + (nameWords.has(w) ? 2 : groupWords.has(w) ? 1 : 0), 0);
      if (!best || score > best.score) best = { name, score };
    }
    return best?.name;
  };
  const componentInScope = closest(components.filter(([, armId]) => scopes.includes(componentScope(armId))).map(([name]) => name));
  const workspace =
    workspaces.find((name) => resourceNames.includes(lower(name))) ??
    (componentInScope ? telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[componentInScope] : undefined) ??
    closest(workspaces) ??
    null;
  const componentOfWorkspace = components.find(([name]) => workspace !== null && telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[name] === workspace)?.[0];
  const appInsights = componentInScope ?? componentOfWorkspace ?? components[0]?.[0] ?? null;
  const custom = incident.customProperties as Record<string, unknown>;
  const hostValue = custom.host ?? custom.hostname;
  const host = typeof hostValue === 'string' && hostValue.trim() ? hostValue.trim() : null;
  const fired = Date.parse(incident.firedAt);
  const start = new Date((Number.isFinite(fired) ? Math.min(fired, now.getTime()) : now.getTime()) - lookbackMinutes * 60_000);
  const minutes = Math.max(1, Math.ceil((now.getTime() - start.getTime()) / 60_000));
  return {
    targets: { workspace, appInsights, host },
    window: { start: start.toISOString(), end: now.toISOString(), timespan: `PT${minutes}M` },
  };
}

export { resolveCheckContext };
