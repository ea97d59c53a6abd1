import { ingestionSettings } from '../ingestion/ingestionSettings';
import { investigationSettings } from '../investigation/investigationSettings';
import { contextSettings } from '../agent/context/contextSettings';
import { destinationSettingsGroups } from '../destinations/destinationRegistry';
import { dashboardSettings } from '../dashboard/dashboardSettings';
import { governanceSettings } from '../governance/governanceSettings';
import { llmSettings } from '../llm/llmSettings';
import { mcpSettings } from '../mcp/mcpSettings';
import { azureMonitorSettings } from '../sources/azureMonitor/azureMonitorSettings';
import { eventGridSettings } from '../sources/eventGrid/eventGridSettings';
import { pagerDutyWebhookSettings } from '../sources/pagerDuty/pagerDutySettings';
import { serviceNowInboundSettings } from '../sources/serviceNow/serviceNowSettings';
import { schedulerSettings } from '../scheduler/schedulerSettings';
import { memorySettings } from '../memory/memorySettings';
import { knowledgeSettings } from '../knowledge/knowledgeSettings';
import { telemetrySettings } from '../tools/telemetrySettings';
import { targetSettings } from '../targets/targetSettings';
import { coreSettings } from './coreSettings';
import type { SettingsGroup, SettingSpecs } from './defineSettings';

/**
 * Every settings group the app reads. docs/configuration.md, local.settings.sample.json and
 * /api/health are derived from this list; a module that adds a group registers it here.
 */
const settingsCatalog: ReadonlyArray<SettingsGroup<SettingSpecs>> = [
  coreSettings,
  azureMonitorSettings,
  eventGridSettings,
  pagerDutyWebhookSettings,
  serviceNowInboundSettings,
  ingestionSettings,
  telemetrySettings,
  targetSettings,
  llmSettings,
  investigationSettings,
  schedulerSettings,
  memorySettings,
  contextSettings,
  governanceSettings,
  dashboardSettings,
  mcpSettings,
  ...destinationSettingsGroups,
  knowledgeSettings,
];

export { settingsCatalog };
