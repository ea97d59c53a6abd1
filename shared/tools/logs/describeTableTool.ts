import { z } from 'zod';
import { suggestNames } from '../../kql';
import type { ToolDefinition } from '../tool';
import { startToolRun } from '../toolRun';
import { describeUpstreamError } from '../upstreamError';
import type { SchemaToolOptions } from './listTablesTool';

function buildParameters(names: [string, ...string[]]) {
  return z.object({
    workspace: z.enum(names).describe(`Workspace, by name: ${names.join(', ')}`),
    table: z.string().min(1).max(200).describe('Table name exactly as list_tables reports it, e.g. AppRequests'),
  });
}

type DescribeTableParameters = z.output<ReturnType<typeof buildParameters>>;

/**
 * `describe_table`: the typed columns of one table of an allow-listed workspace; an unknown or
 * out-of-scope table comes back as an error with the closest table names.
 */
function createDescribeTableTool(options: SchemaToolOptions): ToolDefinition<ReturnType<typeof buildParameters>> {
  const names = Object.keys(options.workspaces);
  if (names.length === 0) throw new RangeError('describe_table needs at least one workspace in its allow-list');
  const allowed = options.allowedTables ? new Set(options.allowedTables) : undefined;
  return {
    name: 'describe_table',
    description:
      'Returns the columns (name, type, description) of one table of a Log Analytics workspace. Use it before writing ' +
      'KQL that filters, groups or projects columns you have not seen, so names and types are right the first time ' +
      '(e.g. whether AppRequests has ResultCode as a string, or where the role name lives).',
    readOnly: true,
    parameters: buildParameters(names as [string, ...string[]]),
    auditDescription: (params: DescribeTableParameters) => `Describe table ${params.table} of workspace ${params.workspace}`,
    async execute(params, context) {
      const run = startToolRun({ tool: 'describe_table', invocation: `describe_table ${params.workspace} ${params.table}` });
      const workspaceId = options.workspaces[params.workspace];
      if (workspaceId === undefined) {
        return run.error('unknown_workspace', `workspace '${params.workspace}' is not configured; use one of: ${names.join(', ')}`);
      }
      try {
        const schema = await options.loadSchema(workspaceId, context);
        const visible = schema.tables.filter((t) => (allowed ? allowed.has(t.name) : true));
        const table = visible.find((t) => t.name === params.table);
        if (!table) {
          const suggestions = suggestNames(params.table, visible.map((t) => t.name));
          const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ' Call list_tables to see the tables.';
          return run.error('unknown_table', `workspace ${params.workspace} has no table '${params.table}' you may query.${hint}`, { suggestions });
        }
        return run.success(
          { workspace: params.workspace, ...table },
          `${params.workspace}.${table.name}: ${table.columns.length} columns`,
        );
      } catch (error) {
        const info = describeUpstreamError(error);
        return run.error(info.code, `could not read the schema of workspace ${params.workspace}: ${info.message}`, {
          ...(info.status === undefined ? {} : { status: info.status }),
          ...(info.body === undefined ? {} : { body: info.body }),
        });
      }
    },
  };
}

export { createDescribeTableTool };
export type { DescribeTableParameters };
