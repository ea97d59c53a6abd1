import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { resolveStorageConnection, tableClient } from '../storage';
import { AlertStateDestination } from './azureMonitor/alertStateDestination';
import { alertStateSettings } from './azureMonitor/alertStateSettings';
import { DeliveryLedger } from './deliveryLedger';
import { DESTINATION_NAMES, type DestinationName } from './deliveryTypes';
import type { Destination } from './destination';
import { runtimeOf, type DestinationRuntime } from './destinationRuntime';
import { destinationSettings } from './destinationSettings';
import { EventGridDestination } from './eventGrid/eventGridDestination';
import { eventGridPublishSettings } from './eventGrid/eventGridPublishSettings';
import { PagerDutyDestination } from './pagerDuty/pagerDutyDestination';
import { pagerDutyWriteBackSettings } from './pagerDuty/pagerDutyWriteBackSettings';
import { ServiceNowDestination } from './serviceNow/serviceNowDestination';
import { serviceNowWriteBackSettings } from './serviceNow/serviceNowWriteBackSettings';
import { TeamsDestination } from './teams/teamsDestination';
import { teamsSettings } from './teams/teamsSettings';

/** Every destination, built once from settings, and which of them a plan gets by default. */
interface DestinationRegistry {
  get(name: DestinationName): Destination;
  /** Names whose settings are present. */
  configured(): DestinationName[];
  /** Used when a plan names no destination: DESTINATIONS_DEFAULT, or every configured one. */
  defaults(): DestinationName[];
  /** Which destinations a plan's list selects (empty list: the defaults). */
  select(planDestinations: readonly DestinationName[]): Destination[];
}

/** Options of {@link createDestinationRegistry}. */
interface DestinationRegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Identity for Azure (alert state, Event Grid without key); default: managed identity / DefaultAzureCredential, created only when needed. */
  credential?: TokenCredential;
  /** Overrides of the runtime built from settings (tests pass a fast `sleep`). */
  runtime?: Partial<DestinationRuntime>;
}

/** The settings groups of the destinations, for the settings catalog (docs, samples, /api/health). */
const destinationSettingsGroups = [destinationSettings, pagerDutyWriteBackSettings, serviceNowWriteBackSettings, alertStateSettings, teamsSettings, eventGridPublishSettings] as const;

/** One builder per destination; each throws a ConfigError naming its bad setting. */
function destinationBuilders(options: DestinationRegistryOptions): { defaults: DestinationName[]; builders: Record<DestinationName, () => Destination> } {
  const env = options.env ?? process.env;
  const shared = destinationSettings.load(env);
  const runtime: DestinationRuntime = { ...runtimeOf(shared), ...options.runtime };
  let credential = options.credential;
  const azureCredential = (): TokenCredential => {
    const clientId = env.AZURE_CLIENT_ID?.trim();
    credential ??= clientId ? new ManagedIdentityCredential({ clientId }) : new DefaultAzureCredential();
    return credential;
  };
  const load = <T>(group: { isConfigured(env: NodeJS.ProcessEnv): boolean; load(env: NodeJS.ProcessEnv): T }): T | undefined => (group.isConfigured(env) ? group.load(env) : undefined);
  return {
    defaults: [...shared.DESTINATIONS_DEFAULT],
    builders: {
      pagerduty: () => new PagerDutyDestination(load(pagerDutyWriteBackSettings), runtime, env),
      servicenow: () => new ServiceNowDestination(load(serviceNowWriteBackSettings), runtime, env),
      'azure-monitor': () => {
        const alertState = alertStateSettings.load(env);
        return new AlertStateDestination(alertState, alertState.AZURE_ALERTS_CHANGESTATE_ENABLED ? azureCredential() : undefined, runtime);
      },
      teams: () => new TeamsDestination(load(teamsSettings), runtime, env),
      'event-grid': () => {
        const eventGrid = load(eventGridPublishSettings);
        return new EventGridDestination(eventGrid, eventGrid && !eventGrid.EVENTGRID_TOPIC_KEY ? azureCredential() : undefined, runtime, env);
      },
    },
  };
}

/**
 * Builds every destination from the environment. Call it at startup: a wrong setting (a legacy
 * Teams URL, a ServiceNow host outside service-now.com, a missing password, a secret reference
 * that does not resolve) throws a ConfigError naming it before any investigation runs.
 */
function createDestinationRegistry(options: DestinationRegistryOptions = {}): DestinationRegistry {
  const { defaults: chosenDefaults, builders } = destinationBuilders(options);
  const destinations = Object.fromEntries(DESTINATION_NAMES.map((name) => [name, builders[name]()])) as Record<DestinationName, Destination>;
  const configured = (): DestinationName[] => DESTINATION_NAMES.filter((name) => destinations[name].isConfigured());
  const defaults = (): DestinationName[] => (chosenDefaults.length > 0 ? [...chosenDefaults] : configured());
  return {
    get: (name) => destinations[name],
    configured,
    defaults,
    select: (planDestinations) => (planDestinations.length > 0 ? planDestinations : defaults()).map((name) => destinations[name]),
  };
}

/** Whether a destination is on and, if building it fails, why (for /api/health). */
interface DestinationCheck {
  configured: boolean;
  problem?: string;
}

/** Builds each destination on its own, so one broken destination does not hide the state of the others. */
function checkDestinations(env: NodeJS.ProcessEnv = process.env): Record<DestinationName, DestinationCheck> {
  let builders: Record<DestinationName, () => Destination>;
  try {
    builders = destinationBuilders({ env }).builders;
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return Object.fromEntries(DESTINATION_NAMES.map((name) => [name, { configured: true, problem }])) as Record<DestinationName, DestinationCheck>;
  }
  return Object.fromEntries(
    DESTINATION_NAMES.map((name): [DestinationName, DestinationCheck] => {
      try {
        return [name, { configured: builders[name]().isConfigured() }];
      } catch (error) {
        return [name, { configured: true, problem: error instanceof Error ? error.message : String(error) }];
      }
    }),
  ) as Record<DestinationName, DestinationCheck>;
}

/** The delivery ledger on the app's storage account (`Deliveries` table by default). */
function createDeliveryLedger(env: NodeJS.ProcessEnv = process.env): DeliveryLedger {
  const settings = destinationSettings.load(env);
  return new DeliveryLedger(tableClient(resolveStorageConnection(env), settings.DESTINATIONS_LEDGER_TABLE));
}

export { createDestinationRegistry, checkDestinations, createDeliveryLedger, destinationSettingsGroups };
export type { DestinationRegistry, DestinationRegistryOptions, DestinationCheck };
