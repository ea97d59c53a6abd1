import type { AffectedResource } from './incidentSchema';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Parses an Azure Resource Manager id into its parts, lower-cased (Azure Monitor already sends
 * most ids lower-cased; lower-casing all of them makes ids from different sources comparable).
 *
 * Handles subscriptions (`/subscriptions/{id}`), resource groups, top-level and nested resources
 * (`.../providers/Microsoft.Sql/servers/s1/databases/db1` → type `microsoft.sql/servers/databases`,
 * name `s1/db1`) and extension resources (the last `providers/` segment wins). Returns `undefined`
 * for anything that is not an ARM id, such as a bare VM name from `configurationItems`.
 *
 * @example
 * parseArmResourceId('/subscriptions/5f1c.../resourceGroups/rg/providers/Microsoft.Web/sites/app');
 * // { id: '/subscriptions/5f1c.../resourcegroups/rg/providers/microsoft.web/sites/app',
 * //   subscriptionId: '5f1c...', resourceGroup: 'rg', provider: 'microsoft.web',
 * //   type: 'microsoft.web/sites', name: 'app' }
 */
function parseArmResourceId(value: string): AffectedResource | undefined {
  const id = value.trim().replace(/\/+$/, '').toLowerCase();
  const parts = id.split('/');
  if (parts[0] !== '' || parts[1] !== 'subscriptions' || parts.length < 3) return undefined;
  const subscriptionId = parts[2]!;
  if (!GUID.test(subscriptionId)) return undefined;
  if (parts.length === 3) {
    return { id, subscriptionId, resourceGroup: null, provider: null, type: 'microsoft.resources/subscriptions', name: subscriptionId };
  }
  let rest = parts.slice(3);
  let resourceGroup: string | null = null;
  if (rest[0] === 'resourcegroups') {
    if (rest.length < 2 || rest[1] === '') return undefined;
    resourceGroup = rest[1]!;
    rest = rest.slice(2);
    if (rest.length === 0) {
      return { id, subscriptionId, resourceGroup, provider: null, type: 'microsoft.resources/resourcegroups', name: resourceGroup };
    }
  }
  const providerAt = rest.lastIndexOf('providers');
  if (providerAt < 0) return undefined;
  const provider = rest[providerAt + 1];
  const typeAndNames = rest.slice(providerAt + 2);
  if (provider === undefined || provider === '' || typeAndNames.length < 2 || typeAndNames.length % 2 !== 0) return undefined;
  const types = typeAndNames.filter((_, index) => index % 2 === 0);
  const names = typeAndNames.filter((_, index) => index % 2 === 1);
  if (names.some((name) => name === '')) return undefined;
  return { id, subscriptionId, resourceGroup, provider, type: `${provider}/${types.join('/')}`, name: names.join('/') };
}

/**
 * Parses every ARM id in `values` (others are skipped) and drops duplicates, keeping the
 * first occurrence so the caller's order (primary target first) survives.
 */
function parseArmResourceIds(values: ReadonlyArray<string | null | undefined>): AffectedResource[] {
  const seen = new Set<string>();
  const out: AffectedResource[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const parsed = parseArmResourceId(value);
    if (parsed === undefined || seen.has(parsed.id)) continue;
    seen.add(parsed.id);
    out.push(parsed);
  }
  return out;
}

export { parseArmResourceId, parseArmResourceIds };
