import { crossResourceCalls, withClassicAppInsightsTables, type CrossResourceTarget } from '../../kql';
import type { ToolContext } from '../tool';
import type { LoadWorkspaceSchema } from './loadWorkspaceSchema';

/** What `workspace()`, `app()` and `resource()` may name: the workspaces and components configured for the tools. */
interface CrossResourceScope {
  /** Workspace name → workspace id (TELEMETRY_WORKSPACES). */
  workspaces: Readonly<Record<string, string>>;
  /** Component name → ARM id and the workspace whose schema describes it (TELEMETRY_APP_INSIGHTS). */
  components: Readonly<Record<string, { resourceId: string; schemaWorkspaceId?: string | undefined }>>;
}

/**
 * The cross-resource targets a query needs, with their schemas: every configured workspace and
 * component is in scope (so an out-of-scope id is told what is), but only the ones the query
 * names are loaded. A workspace is known by its name or id; a component by its name, ARM id or
 * resource name, and sees the classic App Insights tables besides its workspace's tables (only
 * the classic ones, with their documented types, when no workspace describes it).
 */
async function loadCrossResourceTargets(
  query: string,
  scope: CrossResourceScope,
  loadSchema: LoadWorkspaceSchema,
  context: ToolContext,
): Promise<CrossResourceTarget[]> {
  const named = crossResourceCalls(query).map((call) => call.id.trim().toLowerCase().replace(/\/+$/, ''));
  if (named.length === 0) return [];
  const mentioned = (...ids: string[]): boolean => ids.some((id) => named.includes(id.toLowerCase()));
  const empty = { tables: {} };
  const workspaces = Object.entries(scope.workspaces).map(async ([name, id]): Promise<CrossResourceTarget> => ({
    kind: 'workspace',
    name,
    aliases: [id],
    serviceId: id,
    schema: mentioned(name, id) ? (await loadSchema(id, context)).kql : empty,
  }));
  const components = Object.entries(scope.components).map(async ([name, component]): Promise<CrossResourceTarget> => {
    const resourceName = component.resourceId.slice(component.resourceId.lastIndexOf('/') + 1);
    const aliases = [component.resourceId, ...(resourceName === name ? [] : [resourceName])];
    const needed = mentioned(name, ...aliases);
    const base = needed && component.schemaWorkspaceId ? (await loadSchema(component.schemaWorkspaceId, context)).kql : empty;
    return { kind: 'app', name, aliases, serviceId: component.resourceId, schema: needed ? withClassicAppInsightsTables(base) : empty };
  });
  return Promise.all([...workspaces, ...components]);
}

export { loadCrossResourceTargets };
export type { CrossResourceScope };
