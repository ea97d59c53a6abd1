import type { LogsQueryClient } from '@azure/monitor-query-logs';
import { z } from 'zod';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { timeWindowParameters, type QueryLimits } from '../queryLimits';
import { queryHead } from './logAnalyticsQueryTool';
import type { LoadWorkspaceSchema } from './loadWorkspaceSchema';
import { runKqlQuery } from './runKqlQuery';
import { loadCrossResourceTargets, type CrossResourceScope } from './crossResourceScope';
import { withClassicAppInsightsTables } from '../../kql';

/** One allow-listed Application Insights component. */
interface AppInsightsComponent {
  /** ARM id of the component; queries are resource-centric (`/v1{resourceId}/query`). */
  resourceId: string;
  /** Workspace id whose schema validates its queries; none means unvalidated. */
  schemaWorkspaceId?: string | undefined;
}

/** What the tool is built from. */
interface AppInsightsQueryToolOptions {
  components: Readonly<Record<string, AppInsightsComponent>>;
  logs: LogsQueryClient;
  loadSchema: LoadWorkspaceSchema;
  limits: QueryLimits;
  allowedTables?: ReadonlyArray<string> | undefined;
  /** Workspaces `workspace()` / `resource()` may name besides the components; none when absent. */
  workspaces?: CrossResourceScope['workspaces'] | undefined;
}

function buildParameters(names: [string, ...string[]], limits: QueryLimits) {
  return z.object({
    component: z.enum(names).describe(`Application Insights component to query, by name: ${names.join(', ')}`),
    query: z
      .string()
      .min(1)
      .max(20_000)
      .describe(
        'KQL over the component\'s telemetry: classic tables and columns (requests, dependencies, exceptions, traces; ' +
          'timestamp, success, resultCode, cloud_RoleName) or the workspace-based ones (AppRequests, AppDependencies...).',
      ),
    ...timeWindowParameters(limits),
  });
}

type AppInsightsQueryParameters = z.output<ReturnType<typeof buildParameters>>;

/**
 * `app_insights_query`: a resource-centric KQL query scoped to one allow-listed Application
 * Insights component (`LogsQueryClient.queryResource` with the component's ARM id), so only that
 * application's telemetry is visible even when the workspace holds several.
 */
function createAppInsightsQueryTool(options: AppInsightsQueryToolOptions): ToolDefinition<ReturnType<typeof buildParameters>> {
  const names = Object.keys(options.components);
  if (names.length === 0) throw new RangeError('app_insights_query needs at least one component in its allow-list');
  const parameters = buildParameters(names as [string, ...string[]], options.limits);
  return {
    name: 'app_insights_query',
    description:
      'Runs a read-only KQL query over the telemetry of one Application Insights component (requests, dependencies, ' +
      'exceptions, traces, page views, availability results) and returns the rows. Use it to measure failure rates and ' +
      'latency of an application, find the exceptions or failing dependency behind an alert, or compare before and after ' +
      'a deployment (AppRequests by cloud_RoleName / AppVersion). Only rows of that component are visible. The query is ' +
      'validated first; mistakes come back as errors with line, column and "did you mean". Results are capped. The window ' +
      'is `timespan` ending at `end` (default: the last hour ending now).',
    readOnly: true,
    parameters,
    auditDescription: (params: AppInsightsQueryParameters) => `KQL on App Insights ${params.component}: ${queryHead(params.query)}`,
    async execute(params, context) {
      const component = options.components[params.component];
      if (component === undefined) {
        return startToolRun({ tool: 'app_insights_query', invocation: params.query }).error('unknown_component', `component '${params.component}' is not configured; use one of: ${names.join(', ')}`);
      }
      const schemaWorkspaceId = component.schemaWorkspaceId;
      return runKqlQuery({
        tool: 'app_insights_query',
        query: params.query,
        targetLabel: `App Insights ${params.component}`,
        timespan: params.timespan,
        end: params.end,
        now: context.now(),
        // The component's query API accepts the classic names as well as the workspace-based ones.
        loadSchema: async () =>
          schemaWorkspaceId ? withClassicAppInsightsTables((await options.loadSchema(schemaWorkspaceId, context)).kql) : undefined,
        loadCrossResourceTargets: () =>
          loadCrossResourceTargets(params.query, { workspaces: options.workspaces ?? {}, components: options.components }, options.loadSchema, context),
        allowedTables: options.allowedTables,
        execute: (query, timespan, queryOptions) => options.logs.queryResource(component.resourceId, query, timespan, queryOptions),
        limits: options.limits,
        signal: context.signal,
      });
    },
  };
}

export { createAppInsightsQueryTool };
export type { AppInsightsQueryToolOptions, AppInsightsQueryParameters, AppInsightsComponent };
