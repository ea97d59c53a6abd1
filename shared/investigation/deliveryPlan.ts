import { z } from 'zod';
import { createDestinationRegistry, planDeliveryOf, type DestinationName, type DestinationRegistry } from '../destinations';
import type { Incident } from '../incident';
import type { Plan } from '../plans/planSchema';

/** Where an investigation's messages go, decided once in `prepareInvestigation`. */
const deliveryPlanSchema = z.object({
  destinations: z.array(z.enum(['pagerduty', 'servicenow', 'azure-monitor', 'teams', 'event-grid'])),
  planActions: z.record(z.string(), z.unknown()),
  /** Origin for links in notes and cards (report, approvals). */
  baseUrl: z.string(),
});

type DeliveryPlan = z.infer<typeof deliveryPlanSchema>;

/** The write-back destination of an incident's own system, which plans name `source`. */
const SOURCE_DESTINATION: Partial<Record<Incident['source'], DestinationName>> = {
  'azure-monitor': 'azure-monitor',
  pagerduty: 'pagerduty',
  servicenow: 'servicenow',
};

let registry: DestinationRegistry | undefined;

/** One destination registry per process (it validates the destination settings when built). */
function destinationRegistry(): DestinationRegistry {
  registry ??= createDestinationRegistry();
  return registry;
}

/** Origin of links: PUBLIC_BASE_URL, else the site's own host name (https on Azure, http on the devhost). */
function publicBaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  if (env.WEBSITE_HOSTNAME) return `${env.DEVHOST_VERSION ? 'http' : 'https'}://${env.WEBSITE_HOSTNAME}`;
  return 'http://localhost:7071';
}

/**
 * Resolves the plan's destinations for this incident (`source` becomes the incident's own
 * system), keeps the configured ones and lists the others as gaps.
 */
function planDelivery(plan: Plan, incident: Incident, env: NodeJS.ProcessEnv, gaps: string[]): DeliveryPlan {
  const entries = plan.destinations.flatMap((entry) => {
    if (!entry.startsWith('source')) return [entry];
    const own = SOURCE_DESTINATION[incident.source];
    return own ? [own + entry.slice('source'.length)] : [];
  });
  const { destinations, planActions } = planDeliveryOf(plan.id, entries);
  const chosen = destinationRegistry().select(destinations).map((d) => d.name);
  const configured = chosen.filter((name) => destinationRegistry().get(name).isConfigured());
  for (const name of chosen.filter((n) => !configured.includes(n))) gaps.push(`destination ${name} is in the plan but not configured here`);
  return { destinations: configured, planActions: planActions as Record<string, unknown>, baseUrl: publicBaseUrl(env) };
}

export { deliveryPlanSchema, planDelivery, destinationRegistry, publicBaseUrl };
export type { DeliveryPlan };
