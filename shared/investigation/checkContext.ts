import type { Incident } from '../incident';
import type { ResolvedTarget } from '../targets/resolvedTarget';
import type { CheckContext } from './investigationSchemas';

/**
 * Where a plan's checks run for this incident, from the resolved target (see
 * shared/targets/resolveTarget.ts: catalog, alert ARM ids, Resource Graph, or unknown):
 * - workspace, component, role names and primary resource: the target's, `null` when unresolved
 *   (a check then fails visibly instead of querying some other service's telemetry);
 * - host: the incident's `host` / `hostname` custom property, else none;
 * - window: `lookbackMinutes` before the alert fired until now.
 */
function resolveCheckContext(incident: Incident, target: ResolvedTarget, lookbackMinutes: number, now: Date): CheckContext {
  const custom = incident.customProperties as Record<string, unknown>;
  const hostValue = custom.host ?? custom.hostname;
  const host = typeof hostValue === 'string' && hostValue.trim() ? hostValue.trim() : null;
  const fired = Date.parse(incident.firedAt);
  const start = new Date((Number.isFinite(fired) ? Math.min(fired, now.getTime()) : now.getTime()) - lookbackMinutes * 60_000);
  const minutes = Math.max(1, Math.ceil((now.getTime() - start.getTime()) / 60_000));
  return {
    targets: {
      workspace: target.workspace?.name ?? null,
      appInsights: target.appInsights?.name ?? null,
      host,
      resourceId: target.resources[0]?.id ?? null,
      roleNames: target.roleNames,
    },
    window: { start: start.toISOString(), end: now.toISOString(), timespan: `PT${minutes}M` },
  };
}

export { resolveCheckContext };
