import { z } from 'zod';
import { settingsCatalog } from '../config/catalog';
import type { SettingsGroup, SettingSpecs } from '../config/defineSettings';
import { checkDestinations, type DestinationCheck } from '../destinations/destinationRegistry';
import type { DestinationName } from '../destinations/deliveryTypes';
import type { LastDeliveryFailure } from '../destinations/deliveryLedger';
import type { IngestSource } from '../incident';
import { isModelConfigured } from '../llm/createModelClient';
import { llmSettings } from '../llm/llmSettings';
import { createSourceAdapter } from '../sources';

/** One integration as `/api/health` reports it. Names and reasons only; never a setting's value. */
const integrationStatusSchema = z.object({
  /** The operator turned it on (set something in its group), or it works with its defaults. */
  configured: z.boolean(),
  /** Built the way a request builds it: settings parse, secrets resolve, the client or route can be constructed. */
  verified: z.boolean(),
  summary: z.string(),
  /** Why it is not verified, naming the setting. */
  problem: z.string().optional(),
  /** The newest failed delivery (destinations), from the delivery ledger. */
  lastFailure: z.object({ at: z.string(), investigationId: z.string(), code: z.string(), message: z.string() }).optional(),
});

type IntegrationStatus = z.infer<typeof integrationStatusSchema>;

/** Settings groups that configure an inbound route, and its source. */
const SOURCE_OF_GROUP: Record<string, IngestSource> = {
  'azure-monitor-ingest': 'azure-monitor',
  'event-grid-ingest': 'event-grid',
  'pagerduty-webhook': 'pagerduty',
  'servicenow-inbound': 'servicenow',
};

/** Settings groups that configure a write-back destination, and its name. */
const DESTINATION_OF_GROUP: Record<string, DestinationName> = {
  'pagerduty-writeback': 'pagerduty',
  'servicenow-writeback': 'servicenow',
  'azure-alert-state': 'azure-monitor',
  teams: 'teams',
  'event-grid-publish': 'event-grid',
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs `build`; its error message is the problem. */
function attempt(build: () => unknown): string | undefined {
  try {
    build();
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/** Whether the thing a group configures is on, and what stops it from working. */
function probe(group: SettingsGroup<SettingSpecs>, env: NodeJS.ProcessEnv, destinations: Record<DestinationName, DestinationCheck>): { on: boolean; problem?: string } {
  const loadProblem = attempt(() => group.load(env));
  const source = SOURCE_OF_GROUP[group.group];
  const destination = DESTINATION_OF_GROUP[group.group];
  if (source) {
    // The route answers 503 "not configured" exactly when its adapter cannot be built.
    const problem = loadProblem ?? attempt(() => createSourceAdapter(source, env));
    return { on: problem === undefined, ...(problem ? { problem } : {}) };
  }
  if (destination) {
    const check = destinations[destination];
    const problem = loadProblem ?? check.problem;
    return { on: check.configured, ...(problem ? { problem } : {}) };
  }
  if (group === llmSettings) {
    // The key is checked by the loader: present and not a placeholder such as `sk-ant-...`.
    return { on: loadProblem === undefined ? isModelConfigured(llmSettings.load(env)) : true, ...(loadProblem ? { problem: loadProblem } : {}) };
  }
  return { on: group.isConfigured(env), ...(loadProblem ? { problem: loadProblem } : {}) };
}

/**
 * Every integration of the settings catalog: configured (the operator set something in its
 * group, or it runs on its defaults) and verified (it builds as a request would build it), with
 * the last failed delivery of each destination.
 */
function checkIntegrations(env: NodeJS.ProcessEnv, lastFailures: ReadonlyArray<LastDeliveryFailure> = []): Record<string, IntegrationStatus> {
  const destinations = checkDestinations(env);
  const integrations: Record<string, IntegrationStatus> = {};
  for (const group of settingsCatalog) {
    if (group.group === 'core') continue;
    const { on, problem } = probe(group, env, destinations);
    const configured = on || group.touched(env).length > 0;
    const destination = DESTINATION_OF_GROUP[group.group];
    const failure = destination ? lastFailures.find((f) => f.destination === destination) : undefined;
    integrations[group.group] = {
      configured,
      verified: configured && problem === undefined,
      summary: group.summary,
      ...(configured && problem ? { problem } : {}),
      ...(failure ? { lastFailure: { at: failure.at, investigationId: failure.instanceId, code: failure.code, message: failure.message } } : {}),
    };
  }
  return integrations;
}

export { checkIntegrations, integrationStatusSchema };
export type { IntegrationStatus };
