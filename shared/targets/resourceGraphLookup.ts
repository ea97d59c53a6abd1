import { parseArmResourceIds } from '../incident';
import type { ToolDefinition } from '../tools/tool';
import type { ResourceLookup } from './resolveTarget';

/** Names safe to quote into a KQL string literal (what Azure allows in resource names and tags, roughly). */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,119}$/;
const MAX_RESOURCES = 10;

/** The Resource Graph query that finds resources named like, or tagged `service`/`app` with, one of `names`. */
function lookupQuery(names: ReadonlyArray<string>): string | undefined {
  const safe = names.filter((name) => SAFE_NAME.test(name));
  if (safe.length === 0) return undefined;
  const list = safe.map((name) => `'${name}'`).join(', ');
  return [
    'Resources',
    `| where name in~ (${list}) or tostring(tags['service']) in~ (${list}) or tostring(tags['app']) in~ (${list})`,
    '| project id, name, type, resourceGroup',
    `| take ${MAX_RESOURCES}`,
  ].join('\n');
}

/**
 * A {@link ResourceLookup} over the `resource_graph_query` tool (so it is scoped to the configured
 * subscriptions like every other query). Names that are not plain resource names are skipped,
 * never quoted into the query; a failed query finds nothing.
 */
function resourceGraphLookup(tool: ToolDefinition, now: () => Date): ResourceLookup {
  return async (names) => {
    const query = lookupQuery(names);
    if (!query) return { resources: [], query: '(no name fit for a Resource Graph query)' };
    const result = await tool.execute(tool.parameters.parse({ query }), { now });
    const rows = (result.data as { rows?: unknown[] } | undefined)?.rows ?? [];
    const ids = rows.map((row) => (row as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
    return { resources: result.status === 'success' ? parseArmResourceIds(ids) : [], query };
  };
}

export { resourceGraphLookup, lookupQuery };
