import type { LogsQueryClient } from '@azure/monitor-query-logs';
import { z } from 'zod';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { timeWindowParameters, type QueryLimits } from '../queryLimits';
import { runKqlQuery } from './runKqlQuery';
import type { LoadWorkspaceSchema } from './loadWorkspaceSchema';
import { loadCrossResourceTargets, type CrossResourceScope } from './crossResourceScope';

/** What the tool is built from. */
interface LogAnalyticsQueryToolOptions {
  /** Allow-list: workspace name (what the model picks) → workspace id (GUID). */
  workspaces: Readonly<Record<string, string>>;
  logs: LogsQueryClient;
  loadSchema: LoadWorkspaceSchema;
  limits: QueryLimits;
  /** Tables queries may read; every table of the workspace when absent. */
  allowedTables?: ReadonlyArray<string> | undefined;
  /** Components `app()` / `resource()` may name besides the workspaces; none when absent. */
  components?: CrossResourceScope['components'] | undefined;
}

function buildParameters(names: [string, ...string[]], limits: QueryLimits) {
  return z.object({
    workspace: z.enum(names).describe(`Workspace to query, by name: ${names.join(', ')}`),
    query: z
      .string()
      .min(1)
      .max(20_000)
      .describe('KQL query. Use table and column names exactly as list_tables / describe_table report them.'),
    ...timeWindowParameters(limits),
  });
}

type LogAnalyticsQueryParameters = z.output<ReturnType<typeof buildParameters>>;

/** First line of a query, shortened, for audit lines. */
function queryHead(query: string): string {
  const line = query.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/**
 * `log_analytics_query`: KQL against an allow-listed Log Analytics workspace over a time window.
 * The query is checked against the workspace schema first; rows are capped by count and bytes.
 */
function createLogAnalyticsQueryTool(options: LogAnalyticsQueryToolOptions): ToolDefinition<ReturnType<typeof buildParameters>> {
  const names = Object.keys(options.workspaces);
  if (names.length === 0) throw new RangeError('log_analytics_query needs at least one workspace in its allow-list');
  const parameters = buildParameters(names as [string, ...string[]], options.limits);
  return {
    name: 'log_analytics_query',
    description:
      'Runs a read-only KQL query against a Log Analytics workspace and returns the result rows. Use it to look for ' +
      'errors, exceptions, failing requests, restarts, dependency failures or configuration changes around the incident ' +
      'time (AppRequests, AppExceptions, AppDependencies, AzureDiagnostics, ContainerAppConsoleLogs_CL, AzureActivity...). ' +
      'Call list_tables / describe_table first if you are unsure of table or column names: the query is validated ' +
      'against the workspace schema before it runs, and mistakes come back as errors with line, column and suggestions. ' +
      'Prefer summarize/count/top over raw rows; results are capped and say when they were cut. The time window is ' +
      '`timespan` ending at `end` (default: the last hour ending now); you do not need a TimeGenerated filter for it.',
    readOnly: true,
    parameters,
    auditDescription: (params: LogAnalyticsQueryParameters) => `KQL on workspace ${params.workspace}: ${queryHead(params.query)}`,
    async execute(params, context) {
      const workspaceId = options.workspaces[params.workspace];
      if (workspaceId === undefined) {
        return startToolRun({ tool: 'log_analytics_query', invocation: params.query }).error('unknown_workspace', `workspace '${params.workspace}' is not configured; use one of: ${names.join(', ')}`);
      }
      return runKqlQuery({
        tool: 'log_analytics_query',
        query: params.query,
        targetLabel: `workspace ${params.workspace}`,
        timespan: params.timespan,
        end: params.end,
        now: context.now(),
        loadSchema: async () => (await options.loadSchema(workspaceId, context)).kql,
        loadCrossResourceTargets: () =>
          loadCrossResourceTargets(params.query, { workspaces: options.workspaces, components: options.components ?? {} }, options.loadSchema, context),
        allowedTables: options.allowedTables,
        execute: (query, timespan, queryOptions) => options.logs.queryWorkspace(workspaceId, query, timespan, queryOptions),
        limits: options.limits,
        signal: context.signal,
      });
    },
  };
}

export { createLogAnalyticsQueryTool, queryHead };
export type { LogAnalyticsQueryToolOptions, LogAnalyticsQueryParameters };
