/**
 * Cross-resource queries on the emulator: `workspace("x").T`, `app("x").T` and `resource("x").T`
 * read table `T` of another workspace, component or resource the emulator knows. The evaluator
 * has one database, so each such reference is rewritten to a synthetic table name
 * (`__xr<n>_<T>`) added to the query's database; the rest of the query is untouched.
 */
import { crossResourceCalls } from '../../../shared/kql';
import { CROSS_RESOURCE_TABLE_PREFIX, type KqlDatabase, type KqlTable } from '../kql';
import type { TelemetryStore } from '../data/telemetryStore';
import { logAnalyticsError } from './apiErrors';

// The `.Table` that follows a cross-resource call.
const MEMBER = /^\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/;

function targetDatabase(fn: 'workspace' | 'app' | 'resource', id: string, store: TelemetryStore): KqlDatabase | undefined {
  const wanted = id.trim().toLowerCase().replace(/\/+$/, '');
  if (fn === 'workspace') {
    const workspace = store
      .listWorkspaces()
      .find((w) => [w.workspaceId, w.name, w.resourceId].some((alias) => alias.toLowerCase() === wanted));
    return workspace ? store.databaseFor([workspace]) : undefined;
  }
  if (fn === 'app') {
    const component = store.scenarios
      .flatMap((scenario) => scenario.appInsights)
      .find((app) => [app.name, app.resourceId, app.appId].some((alias) => alias.toLowerCase() === wanted));
    return component ? store.databaseForResource(component.resourceId) : undefined;
  }
  return store.databaseForResource(wanted);
}

/** The database a cross-resource call names, if the emulator knows it. */
type CrossResourceResolver = (fn: 'workspace' | 'app' | 'resource', id: string) => KqlDatabase | undefined;

/**
 * The query with every cross-resource table reference replaced, and `base` plus the tables it
 * now names. The query and `base` come back unchanged when there is none.
 *
 * @throws {EmulatorHttpError} 400 when a call names nothing the emulator knows, or a table it lacks.
 */
function resolveEmulatorCrossResource(query: string, base: KqlDatabase, store: TelemetryStore): { query: string; database: KqlDatabase } {
  return rewriteCrossResource(query, base, (fn, id) => targetDatabase(fn, id, store));
}

/** {@link resolveEmulatorCrossResource} over any resolver (the corpus runner resolves to schema-only databases). */
function rewriteCrossResource(query: string, base: KqlDatabase, resolve: CrossResourceResolver): { query: string; database: KqlDatabase } {
  const calls = crossResourceCalls(query);
  if (calls.length === 0) return { query, database: base };
  const tables = new Map<string, KqlTable>(base.tables);
  let text = '';
  let copied = 0;
  calls.forEach((call, index) => {
    const after = call.start + call.length;
    const member = MEMBER.exec(query.slice(after));
    if (!member) return;
    const database = resolve(call.fn, call.id);
    const table = database?.tables.get(member[1]!);
    if (!database || !table) {
      const what = database ? `table '${member[1]}' of ${call.fn}("${call.id}")` : `${call.fn}("${call.id}")`;
      throw logAnalyticsError(400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'SemanticError',
        message: `${what} could not be found`,
      });
    }
    const name = `${CROSS_RESOURCE_TABLE_PREFIX}${index}_${member[1]}`;
    tables.set(name, { ...table, name });
    text += query.slice(copied, call.start) + name;
    copied = after + member[0].length;
  });
  text += query.slice(copied);
  return { query: text, database: { tables } };
}

export type { CrossResourceResolver };
export { resolveEmulatorCrossResource, rewriteCrossResource };
