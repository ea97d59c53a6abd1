import type { IngestSource } from '../incident';
import { azureMonitorSettings } from './azureMonitor/azureMonitorSettings';
import { createAzureMonitorAdapter } from './azureMonitor/azureMonitorAdapter';
import { createEventGridAdapter } from './eventGrid/eventGridAdapter';
import { eventGridSettings } from './eventGrid/eventGridSettings';
import { createPagerDutyAdapter } from './pagerDuty/pagerDutyAdapter';
import { pagerDutyWebhookSettings } from './pagerDuty/pagerDutySettings';
import { createServiceNowAdapter } from './serviceNow/serviceNowAdapter';
import { serviceNowInboundSettings } from './serviceNow/serviceNowSettings';
import type { SourceAdapter } from './sourceAdapter';

/** The settings groups of the inbound sources, for the settings catalog. */
const sourceSettingsGroups = [azureMonitorSettings, eventGridSettings, pagerDutyWebhookSettings, serviceNowInboundSettings] as const;

/**
 * Builds a source's adapter from the environment; throws `ConfigError` naming the setting at fault.
 *
 * @example
 * const adapter = createSourceAdapter('pagerduty');
 */
function createSourceAdapter(source: IngestSource, env: NodeJS.ProcessEnv = process.env): SourceAdapter {
  switch (source) {
    case 'azure-monitor':
      return createAzureMonitorAdapter(azureMonitorSettings.load(env));
    case 'event-grid':
      return createEventGridAdapter(eventGridSettings.load(env));
    case 'pagerduty':
      return createPagerDutyAdapter(pagerDutyWebhookSettings.load(env));
    case 'servicenow':
      return createServiceNowAdapter(serviceNowInboundSettings.load(env));
  }
}

export { sourceSettingsGroups, createSourceAdapter };
export * from './sourceAdapter';
export * from './parseBody';
export * from './signatures';
export * from './groupKeySetting';
export * from './azureMonitor/azureMonitorSchema';
export * from './azureMonitor/alertContextSchemas';
export * from './azureMonitor/azureMonitorMapper';
export * from './azureMonitor/azureMonitorSettings';
export * from './azureMonitor/azureMonitorAdapter';
export * from './azureMonitor/entraTokenVerifier';
export * from './azureMonitor/jwksKeySource';
export * from './eventGrid/eventGridSchema';
export * from './eventGrid/eventGridMapper';
export * from './eventGrid/eventGridSettings';
export * from './eventGrid/eventGridAdapter';
export * from './pagerDuty/pagerDutySchema';
export * from './pagerDuty/pagerDutyMapper';
export * from './pagerDuty/pagerDutySettings';
export * from './pagerDuty/pagerDutySignature';
export * from './pagerDuty/pagerDutyAdapter';
export * from './serviceNow/serviceNowSchema';
export * from './serviceNow/serviceNowMapper';
export * from './serviceNow/serviceNowSettings';
export * from './serviceNow/serviceNowAuth';
export * from './serviceNow/serviceNowAdapter';
