/**
 * The classic Application Insights tables (`requests`, `dependencies`, ... with `timestamp`,
 * `success`, `cloud_RoleName`, ...) served beside the workspace-based ones in component scope, as
 * a component's query API does: each is its workspace-based table with the columns renamed by the
 * documented mapping (shared/kql/appInsightsClassicNames.ts), the same mapping the validator uses.
 */
import { CLASSIC_STANDARD_COLUMNS, classicAppInsightsTables } from '../../../shared/kql';
import type { KqlTable } from '../kql';

/** True for an Application Insights component's ARM id (case-insensitive). */
function isAppInsightsComponent(resourceId: string): boolean {
  return /\/providers\/microsoft\.insights\/components\/[^/]+$/i.test(resourceId);
}

/** The classic tables derivable from `tables`; a classic column whose source column is missing is left out. */
function classicTablesFrom(tables: ReadonlyMap<string, KqlTable>): KqlTable[] {
  const result: KqlTable[] = [];
  for (const mapping of classicAppInsightsTables()) {
    const source = tables.get(mapping.workspace);
    if (!source || tables.has(mapping.classic)) continue;
    // Classic columns by the documented mapping, then the standard columns classic tables keep (_BilledSize, ...).
    const pairs: Array<readonly [string, string]> = [...mapping.columns.map(([classic, workspace]) => [classic, workspace] as const), ...CLASSIC_STANDARD_COLUMNS.map((name) => [name, name] as const)];
    const picked = pairs
      .map(([classic, workspace]) => ({ classic, index: source.columns.findIndex((column) => column.name === workspace) }))
      .filter((entry) => entry.index >= 0);
    result.push({
      name: mapping.classic,
      columns: picked.map((entry) => ({ ...source.columns[entry.index]!, name: entry.classic })),
      rows: source.rows.map((row) => picked.map((entry) => row[entry.index])),
    });
  }
  return result;
}

export { isAppInsightsComponent, classicTablesFrom };
