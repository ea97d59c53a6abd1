import type { TokenCredential } from '@azure/identity';
import { ConfigError } from '../errors';
import { createAppInsightsQueryTool, type AppInsightsComponent } from './logs/appInsightsQueryTool';
import { createDescribeTableTool } from './logs/describeTableTool';
import { createListTablesTool } from './logs/listTablesTool';
import { createWorkspaceSchemaLoader } from './logs/loadWorkspaceSchema';
import { createLogAnalyticsQueryTool } from './logs/logAnalyticsQueryTool';
import { createMetricsQueryTool } from './metrics/metricsQueryTool';
import { queryLimitsFrom } from './queryLimits';
import { createResourceGraphQueryTool } from './resourceGraph/resourceGraphQueryTool';
import { createTelemetryClients, type TelemetryClients } from './telemetryClients';
import type { TelemetrySettings } from './telemetrySettings';
import type { ToolDefinition } from './tool';
import { createHttpProbeTool } from './web/httpProbeTool';
import type { HostResolver } from './web/probeTarget';
import { createTlsCertificateTool } from './web/tlsCertificateTool';

/** Seams for tests and the devhost; production passes nothing. */
interface TelemetryToolsOptions {
  /** Prebuilt SDK clients; built from settings and the credential when absent. */
  clients?: TelemetryClients;
  /** DNS resolver of the probes' SSRF guard. */
  resolver?: HostResolver;
}

/** Which workspace's schema validates each App Insights component (see TELEMETRY_APP_INSIGHTS_WORKSPACES). */
function appInsightsComponents(settings: TelemetrySettings): Record<string, AppInsightsComponent> {
  const workspaces = settings.TELEMETRY_WORKSPACES;
  const workspaceNames = Object.keys(workspaces);
  const mapping = settings.TELEMETRY_APP_INSIGHTS_WORKSPACES;
  for (const component of Object.keys(mapping)) {
    if (!(component in settings.TELEMETRY_APP_INSIGHTS)) {
      throw new ConfigError('TELEMETRY_APP_INSIGHTS_WORKSPACES', `names component '${component}', which is not in TELEMETRY_APP_INSIGHTS`);
    }
  }
  const components: Record<string, AppInsightsComponent> = {};
  for (const [name, resourceId] of Object.entries(settings.TELEMETRY_APP_INSIGHTS)) {
    const workspaceName = mapping[name] ?? (workspaceNames.length === 1 ? workspaceNames[0] : undefined);
    if (workspaceName !== undefined && !(workspaceName in workspaces)) {
      throw new ConfigError('TELEMETRY_APP_INSIGHTS_WORKSPACES', `component '${name}' points at workspace '${workspaceName}', which is not in TELEMETRY_WORKSPACES`);
    }
    if (workspaceName === undefined && workspaceNames.length > 1) {
      throw new ConfigError(
        'TELEMETRY_APP_INSIGHTS_WORKSPACES',
        `several workspaces are configured; say which one stores component '${name}' (e.g. ${name}=${workspaceNames[0]})`,
      );
    }
    components[name] = { resourceId, ...(workspaceName === undefined ? {} : { schemaWorkspaceId: workspaces[workspaceName] }) };
  }
  return components;
}

/**
 * Every telemetry tool the settings enable, ready for the agent's tool list:
 * `log_analytics_query`, `list_tables`, `describe_table` (with TELEMETRY_WORKSPACES),
 * `app_insights_query` (with TELEMETRY_APP_INSIGHTS), `metrics_query`, `resource_graph_query`
 * (with TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS), `http_probe` and `tls_certificate`.
 * The log tools share one schema cache (per investigation id).
 *
 * @throws ConfigError when the settings contradict each other (e.g. an App Insights mapping to an unknown workspace).
 * @example
 * const settings = telemetrySettings.load();
 * const tools = createTelemetryTools(settings, createTelemetryCredential(settings));
 */
function createTelemetryTools(settings: TelemetrySettings, credential: TokenCredential, options: TelemetryToolsOptions = {}): ToolDefinition[] {
  const clients = options.clients ?? createTelemetryClients(settings, credential);
  const limits = queryLimitsFrom(settings);
  const allowedTables = settings.TELEMETRY_ALLOWED_TABLES.length > 0 ? settings.TELEMETRY_ALLOWED_TABLES : undefined;
  const loadSchema = createWorkspaceSchemaLoader(clients.logs, clients.logsOrigin);
  const workspaces = settings.TELEMETRY_WORKSPACES;
  const components = appInsightsComponents(settings);
  const tools: ToolDefinition[] = [];

  if (Object.keys(workspaces).length > 0) {
    tools.push(
      createLogAnalyticsQueryTool({ workspaces, components, logs: clients.logs, loadSchema, limits, allowedTables }),
      createListTablesTool({ workspaces, loadSchema, allowedTables }),
      createDescribeTableTool({ workspaces, loadSchema, allowedTables }),
    );
  }
  if (Object.keys(components).length > 0) {
    tools.push(createAppInsightsQueryTool({ components, workspaces, logs: clients.logs, loadSchema, limits, allowedTables }));
  }
  tools.push(createMetricsQueryTool({ metricsFor: clients.metricsFor, limits }));
  if (settings.TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS.length > 0) {
    tools.push(createResourceGraphQueryTool({ client: clients.resourceGraph, subscriptions: settings.TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS, limits }));
  }
  const probe = {
    allowedHosts: settings.TELEMETRY_PROBE_ALLOWED_HOSTS,
    timeoutMs: settings.TELEMETRY_PROBE_TIMEOUT_MS,
    extraCa: clients.extraCa,
    resolver: options.resolver,
  };
  tools.push(createHttpProbeTool({ ...probe, bodyBytes: settings.TELEMETRY_PROBE_BODY_BYTES }), createTlsCertificateTool(probe));
  return tools;
}

export { createTelemetryTools };
export type { TelemetryToolsOptions };
