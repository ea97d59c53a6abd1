import type { Incident } from '../incident';
import type { TelemetrySettings } from '../tools/telemetrySettings';
import type { CheckContext } from './investigationSchemas';

const lower = (s: string): string => s.toLowerCase();

/**
 * Chooses the workspace, Application Insights component and host a plan's checks run against,
 * and the time window, from the incident and the configured allow-lists:
 * - workspace: one named like an affected resource, else the one in the same resource group as
 *   a configured component that matches, else the only (first) configured one;
 * - component: one in the same subscription and resource group as an affected resource, else
 *   the one stored in the chosen workspace, else the first;
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
  const componentInScope = components.find(([, armId]) => scopes.includes(componentScope(armId)))?.[0];
  const workspace =
    workspaces.find((name) => resourceNames.includes(lower(name))) ??
    (componentInScope ? telemetry.TELEMETRY_APP_INSIGHTS_WORKSPACES[componentInScope] : undefined) ??
    workspaces[0] ??
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
