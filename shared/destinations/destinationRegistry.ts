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

/**
 * Builds every destination from the environment. Call it at startup: a wrong setting (a legacy
 * Teams URL, a ServiceNow host outside service-now.com, a missing password) throws a
 * ConfigError naming it before any investigation runs.
 */
function createDestinationRegistry(options: DestinationRegistryOptions = {}): DestinationRegistry {
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

  const alertState = alertStateSettings.load(env);
  const eventGrid = load(eventGridPublishSettings);
  const destinations: Record<DestinationName, Destination> = {
    pagerduty: new PagerDutyDestination(load(pagerDutyWriteBackSettings), runtime, env),
    servicenow: new ServiceNowDestination(load(serviceNowWriteBackSettings), runtime, env),
    'azure-monitor': new AlertStateDestination(alertState, alertState.AZURE_ALERTS_CHANGESTATE_ENABLED ? azureCredential() : undefined, runtime),
    teams: new TeamsDestination(load(teamsSettings), runtime, env),
    'event-grid': new EventGridDestination(eventGrid, eventGrid && !eventGrid.EVENTGRID_TOPIC_KEY ? azureCredential() : undefined, runtime, env),
  };
  const configured = (): DestinationName[] => DESTINATION_NAMES.filter((name) => destinations[name].isConfigured());
  const defaults = (): DestinationName[] => (shared.DESTINATIONS_DEFAULT.length > 0 ? [...shared.DESTINATIONS_DEFAULT] : configured());
  return {
    get: (name) => destinations[name],
    configured,
    defaults,
    select: (planDestinations) => (planDestinations.length > 0 ? planDestinations : defaults()).map((name) => destinations[name]),
  };
}

/** The delivery ledger on the app's storage account (`Deliveries` table by default). */
function createDeliveryLedger(env: NodeJS.ProcessEnv = process.env): DeliveryLedger {
  const settings = destinationSettings.load(env);
  return new DeliveryLedger(tableClient(resolveStorageConnection(env), settings.DESTINATIONS_LEDGER_TABLE));
}

export { createDestinationRegistry, createDeliveryLedger, destinationSettingsGroups };
export type { DestinationRegistry, DestinationRegistryOptions };
