import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { ToolContext } from '../tool';
import { fetchWorkspaceSchema, type WorkspaceSchema } from './workspaceSchema';
import { WorkspaceSchemaCache } from './workspaceSchemaCache';

/** Loads a workspace's schema for a tool call, cached per investigation. */
type LoadWorkspaceSchema = (workspaceId: string, context: ToolContext) => Promise<WorkspaceSchema>;

/**
 * The schema loader shared by the log tools: one cache, so `list_tables`, `describe_table` and
 * the query validation of the same investigation make one metadata call per workspace.
 */
function createWorkspaceSchemaLoader(logs: LogsQueryClient, logsOrigin: string, cache = new WorkspaceSchemaCache()): LoadWorkspaceSchema {
  return (workspaceId, context) =>
    cache.get(context.investigationId, workspaceId, () => fetchWorkspaceSchema(logs.pipeline, logsOrigin, workspaceId, context.signal));
}

export { createWorkspaceSchemaLoader };
export type { LoadWorkspaceSchema };
