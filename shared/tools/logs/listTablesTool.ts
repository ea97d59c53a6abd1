import { z } from 'zod';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';
import type { LoadWorkspaceSchema } from './loadWorkspaceSchema';

/** What `list_tables` and `describe_table` are built from. */
interface SchemaToolOptions {
  /** Allow-list: workspace name → workspace id. */
  workspaces: Readonly<Record<string, string>>;
  loadSchema: LoadWorkspaceSchema;
  /** Only these tables are shown (the ones the KQL tools may read); all when absent. */
  allowedTables?: ReadonlyArray<string> | undefined;
}

function buildParameters(names: [string, ...string[]]) {
  return z.object({
    workspace: z.enum(names).describe(`Workspace, by name: ${names.join(', ')}`),
    nameContains: z.string().max(100).optional().describe('Only tables whose name contains this text (case-insensitive)'),
  });
}

type ListTablesParameters = z.output<ReturnType<typeof buildParameters>>;

/**
 * `list_tables`: the tables of an allow-listed workspace the model may query, with their column
 * count and time column, from the workspace metadata (cached per investigation).
 */
function createListTablesTool(options: SchemaToolOptions): ToolDefinition<ReturnType<typeof buildParameters>> {
  const names = Object.keys(options.workspaces);
  if (names.length === 0) throw new RangeError('list_tables needs at least one workspace in its allow-list');
  const allowed = options.allowedTables ? new Set(options.allowedTables) : undefined;
  return {
    name: 'list_tables',
    description:
      'Lists the tables of a Log Analytics workspace that you may query, with each table\'s column count and time ' +
      'column. Call it before writing KQL for a workspace you have not seen in this investigation, so you use tables ' +
      'that exist (for example whether App Insights data is in AppRequests or requests, or which _CL custom tables are ' +
      'there). Then use describe_table for the columns of the tables you need.',
    readOnly: true,
    parameters: buildParameters(names as [string, ...string[]]),
    auditDescription: (params: ListTablesParameters) =>
      `List tables of workspace ${params.workspace}${params.nameContains ? ` matching '${params.nameContains}'` : ''}`,
    async execute(params, context) {
      const run = startToolRun({
        tool: 'list_tables',
        invocation: `list_tables ${params.workspace}${params.nameContains ? ` nameContains=${params.nameContains}` : ''}`,
      });
      const workspaceId = options.workspaces[params.workspace];
      if (workspaceId === undefined) {
        return run.error('unknown_workspace', `workspace '${params.workspace}' is not configured; use one of: ${names.join(', ')}`);
      }
      try {
        const schema = await options.loadSchema(workspaceId, context);
        const needle = params.nameContains?.toLowerCase();
        const tables = schema.tables
          .filter((t) => (allowed ? allowed.has(t.name) : true))
          .filter((t) => (needle ? t.name.toLowerCase().includes(needle) : true))
          .map((t) => ({
            name: t.name,
            columns: t.columns.length,
            ...(t.timespanColumn ? { timespanColumn: t.timespanColumn } : {}),
            ...(t.description ? { description: t.description } : {}),
          }));
        const data = { workspace: params.workspace, tables };
        if (tables.length === 0) return run.noData(data, `workspace ${params.workspace}: no matching tables`);
        return run.success(data, `workspace ${params.workspace}: ${tables.length} tables`);
      } catch (error) {
        const info = describeUpstreamError(error);
        return run.error(info.code, `could not read the tables of workspace ${params.workspace}: ${info.message}`, {
          ...(info.status === undefined ? {} : { status: info.status }),
          ...(info.body === undefined ? {} : { body: info.body }),
        });
      }
    },
  };
}

export { createListTablesTool };
export type { SchemaToolOptions, ListTablesParameters };
