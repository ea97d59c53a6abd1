/**
 * The emulator's in-memory view of one or more loaded scenarios: workspaces by id, the tables a
 * resource-centric query may see, metric series and the Resource Graph `Resources` table.
 */
import type { KqlSchema } from '../../../shared/kql';
import type { KqlDatabase, KqlTable } from '../kql';
import type { LoadedMetricSeries, LoadedScenario, LoadedWorkspace } from './scenarioLoader';
import type { ResourceRecord } from './scenarioFormat';
import { TelemetryDataError } from './telemetryDataError';
import { classicTablesFrom, isAppInsightsComponent } from './classicAppInsightsTables';

// Resource Graph `Resources` columns (https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources).
const RESOURCE_COLUMNS = [
  ['id', 'string'],
  ['name', 'string'],
  ['type', 'string'],
  ['tenantId', 'string'],
  ['kind', 'string'],
  ['location', 'string'],
  ['resourceGroup', 'string'],
  ['subscriptionId', 'string'],
  ['managedBy', 'string'],
  ['sku', 'dynamic'],
  ['plan', 'dynamic'],
  ['properties', 'dynamic'],
  ['tags', 'dynamic'],
  ['identity', 'dynamic'],
  ['zones', 'dynamic'],
  ['extendedLocation', 'dynamic'],
] as const;

/** The emulator's tenant; Resource Graph rows carry it. */
const EMULATOR_TENANT_ID = '72f988bf-0000-4000-8000-00000000e1a7';

function segmentAfter(resourceId: string, key: string): string {
  const parts = resourceId.split('/');
  const index = parts.findIndex((part) => part.toLowerCase() === key);
  return index >= 0 ? (parts[index + 1] ?? '') : '';
}

/** Concatenates same-named tables from several workspaces, aligning columns by name. */
function mergeTables(tables: KqlTable[]): KqlTable {
  if (tables.length === 1) return tables[0]!;
  const columns = [...new Map(tables.flatMap((t) => t.columns).map((c) => [c.name, c])).values()];
  const rows = tables.flatMap((table) => {
    const positions = columns.map((column) => table.columns.findIndex((c) => c.name === column.name));
    return table.rows.map((row) => positions.map((p) => (p < 0 ? null : row[p])));
  });
  return { name: tables[0]!.name, columns, rows };
}

/** Rows of `table` whose `_ResourceId` is `resourceId` or a child of it (case-insensitive, as in Azure). */
function filterByResource(table: KqlTable, resourceId: string): KqlTable | undefined {
  const index = table.columns.findIndex((c) => c.name === '_ResourceId');
  if (index < 0) return undefined;
  const scope = resourceId.toLowerCase().replace(/\/+$/, '');
  const rows = table.rows.filter((row) => {
    const value = typeof row[index] === 'string' ? (row[index] as string).toLowerCase() : '';
    return value === scope || value.startsWith(`${scope}/`);
  });
  return { ...table, rows };
}

/** Read-only access to everything the emulator serves. */
class TelemetryStore {
  public readonly scenarios: readonly LoadedScenario[];
  private readonly workspacesById = new Map<string, LoadedWorkspace>();
  private readonly resourcesTable: KqlTable;
  // The evaluator caches converted tables per database object, so hand out the same object per scope.
  private readonly databaseCache = new Map<string, KqlDatabase | undefined>();

  public constructor(scenarios: readonly LoadedScenario[]) {
    this.scenarios = scenarios;
    for (const scenario of scenarios) {
      for (const workspace of scenario.workspaces) {
        const key = workspace.workspaceId.toLowerCase();
        if (this.workspacesById.has(key)) {
          throw new TelemetryDataError(scenario.id, undefined, `workspace id ${workspace.workspaceId} is used by two scenarios`);
        }
        this.workspacesById.set(key, workspace);
      }
    }
    const resources = new Map<string, ResourceRecord>();
    for (const scenario of scenarios) for (const resource of scenario.resources) resources.set(resource.id.toLowerCase(), resource);
    this.resourcesTable = {
      name: 'Resources',
      columns: RESOURCE_COLUMNS.map(([name, type]) => ({ name, type })),
      rows: [...resources.values()].map((resource) => {
        const record: Record<string, unknown> = {
          ...resource,
          tenantId: (resource['tenantId'] as string | undefined) ?? EMULATOR_TENANT_ID,
          resourceGroup: (resource['resourceGroup'] as string | undefined) ?? segmentAfter(resource.id, 'resourcegroups').toLowerCase(),
          subscriptionId: (resource['subscriptionId'] as string | undefined) ?? segmentAfter(resource.id, 'subscriptions'),
          type: resource.type.toLowerCase(),
        };
        return RESOURCE_COLUMNS.map(([name]) => record[name] ?? null);
      }),
    };
  }

  /** All workspaces of all loaded scenarios. */
  public listWorkspaces(): LoadedWorkspace[] {
    return [...this.workspacesById.values()];
  }

  /** A workspace by its GUID (the `workspaceId` of the query API), case-insensitive. */
  public workspace(workspaceId: string): LoadedWorkspace | undefined {
    return this.workspacesById.get(workspaceId.toLowerCase());
  }

  /** The KQL schema (tables and typed columns) of a workspace, for validation and metadata. */
  public schemaOf(workspaceId: string): KqlSchema | undefined {
    return this.workspace(workspaceId)?.schema;
  }

  /** The tables a query over these workspaces sees; same-named tables are unioned. */
  public databaseFor(workspaces: readonly LoadedWorkspace[]): KqlDatabase {
    const key = `ws:${workspaces.map((w) => w.workspaceId.toLowerCase()).join(',')}`;
    if (this.databaseCache.has(key)) return this.databaseCache.get(key)!;
    const byName = new Map<string, KqlTable[]>();
    for (const workspace of workspaces) {
      for (const table of workspace.tables.values()) byName.set(table.name, [...(byName.get(table.name) ?? []), table]);
    }
    const database: KqlDatabase = { tables: new Map([...byName].map(([name, tables]) => [name, mergeTables(tables)])) };
    this.databaseCache.set(key, database);
    return database;
  }

  /**
   * The tables a resource-centric query sees: a workspace resource id sees the whole workspace;
   * any other id (an Application Insights component, a resource group, a VM) sees the rows of
   * every workspace whose `_ResourceId` lies under it, and an Application Insights component also
   * sees the classic App Insights tables. Undefined when nothing is known about it.
   */
  public databaseForResource(resourceId: string): KqlDatabase | undefined {
    const normalised = resourceId.toLowerCase().replace(/\/+$/, '');
    const key = `rid:${normalised}`;
    if (!this.databaseCache.has(key)) this.databaseCache.set(key, this.buildResourceDatabase(normalised));
    return this.databaseCache.get(key);
  }

  private buildResourceDatabase(normalised: string): KqlDatabase | undefined {
    const workspace = this.listWorkspaces().find((w) => w.resourceId.toLowerCase() === normalised);
    if (workspace) return this.databaseFor([workspace]);
    const merged = this.databaseFor(this.listWorkspaces());
    const tables = new Map<string, KqlTable>();
    let matched = 0;
    for (const [name, table] of merged.tables) {
      const filtered = filterByResource(table, normalised);
      if (!filtered) continue;
      matched += filtered.rows.length;
      tables.set(name, filtered);
    }
    // A component's query API also answers the classic names (requests, timestamp, cloud_RoleName...).
    if (isAppInsightsComponent(normalised)) for (const classic of classicTablesFrom(tables)) tables.set(classic.name, classic);
    const known =
      matched > 0 ||
      this.resourcesTable.rows.some((row) => String(row[0]).toLowerCase() === normalised) ||
      this.scenarios.some((s) => s.appInsights.some((app) => app.resourceId.toLowerCase() === normalised));
    return known ? { tables } : undefined;
  }

  /** The Resource Graph database: one `Resources` table. */
  public resourceGraphDatabase(): KqlDatabase {
    return { tables: new Map([['Resources', this.resourcesTable]]) };
  }

  /** Metric series of a resource (case-insensitive id) in a namespace. */
  public metricSeries(resourceId: string, namespace: string): LoadedMetricSeries[] {
    const id = resourceId.toLowerCase();
    const ns = namespace.toLowerCase();
    return this.scenarios.flatMap((s) => s.metrics).filter((m) => m.resourceId.toLowerCase() === id && m.namespace.toLowerCase() === ns);
  }

  /** The region recorded for a resource in the Resources table (metrics responses carry it). */
  public regionOf(resourceId: string): string {
    const row = this.resourcesTable.rows.find((r) => String(r[0]).toLowerCase() === resourceId.toLowerCase());
    return row ? String(row[5]) : '';
  }
}

export { TelemetryStore, EMULATOR_TENANT_ID };
