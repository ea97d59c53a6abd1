/**
 * `GET /v1/workspaces/{id}/metadata`: the workspace's tables and their typed columns, in the
 * shape of the Log Analytics metadata API (`tables[{id, name, timespanColumn, columns}]`, ...).
 */
import type { LoadedWorkspace } from '../data/scenarioLoader';

/** Builds the metadata response of one workspace. */
function workspaceMetadata(workspace: LoadedWorkspace): Record<string, unknown> {
  const tables = [...workspace.tables.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((table) => ({
      id: `t/${table.name}`,
      name: table.name,
      timespanColumn: table.columns.some((c) => c.name === 'TimeGenerated') ? 'TimeGenerated' : undefined,
      columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
      related: { workspaces: [workspace.workspaceId] },
    }));
  return {
    tables,
    workspaces: [
      {
        id: workspace.workspaceId,
        resourceId: workspace.resourceId,
        name: workspace.name,
        region: 'emulator',
        related: { tables: tables.map((t) => t.id) },
      },
    ],
    categories: [],
    solutions: [],
    resourceTypes: [],
    functions: [],
    queries: [],
    applications: [],
    permissions: [{ workspaces: [{ resourceId: workspace.resourceId }] }],
  };
}

export { workspaceMetadata };
