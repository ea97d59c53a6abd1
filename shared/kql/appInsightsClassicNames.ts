/**
 * The classic Application Insights table and column names (`requests`, `timestamp`,
 * `cloud_RoleName`, ...) and the workspace-based names they map to (`AppRequests`,
 * `TimeGenerated`, `AppRoleName`, ...). The App Insights query API of a component accepts the
 * classic names, so the validator must know them in component scope, and the local emulator
 * serves them by renaming the workspace-based tables.
 *
 * Source: Microsoft Learn, "Migrate to workspace-based Application Insights resources", sections
 * "Table structure" and "Table schemas" (articles/azure-monitor/app/convert-classic-resource.md).
 * Types are the workspace-based ones; `success` is `bool` as in AppRequests / AppDependencies
 * (the page lists the classic type as string, but a component's query API answers over the
 * workspace data, where it is a bool, and `success == false` is how classic queries filter).
 */
import type { KqlSchema, KustoScalarType } from './kqlSchema';

/** One column: classic name, workspace-based name, type. */
type ColumnMapping = readonly [classic: string, workspace: string, type: KustoScalarType];

// Columns every classic table has (the "Table schemas" section repeats them for each table).
const COMMON: readonly ColumnMapping[] = [
  ['appId', 'ResourceGUID', 'string'],
  ['application_Version', 'AppVersion', 'string'],
  ['appName', '_ResourceId', 'string'],
  ['client_Browser', 'ClientBrowser', 'string'],
  ['client_City', 'ClientCity', 'string'],
  ['client_CountryOrRegion', 'ClientCountryOrRegion', 'string'],
  ['client_IP', 'ClientIP', 'string'],
  ['client_Model', 'ClientModel', 'string'],
  ['client_OS', 'ClientOS', 'string'],
  ['client_StateOrProvince', 'ClientStateOrProvince', 'string'],
  ['client_Type', 'ClientType', 'string'],
  ['cloud_RoleInstance', 'AppRoleInstance', 'string'],
  ['cloud_RoleName', 'AppRoleName', 'string'],
  ['customDimensions', 'Properties', 'dynamic'],
  ['iKey', 'IKey', 'string'],
  ['itemId', '_ItemId', 'string'],
  ['itemType', 'Type', 'string'],
  ['operation_Id', 'OperationId', 'string'],
  ['operation_Name', 'OperationName', 'string'],
  ['operation_ParentId', 'OperationParentId', 'string'],
  ['operation_SyntheticSource', 'OperationSyntheticSource', 'string'],
  ['sdkVersion', 'SdkVersion', 'string'],
  ['session_Id', 'SessionId', 'string'],
  ['timestamp', 'TimeGenerated', 'datetime'],
  ['user_AccountId', 'UserAccountId', 'string'],
  ['user_AuthenticatedId', 'UserAuthenticatedId', 'string'],
  ['user_Id', 'UserId', 'string'],
];

const MEASURED: readonly ColumnMapping[] = [
  ['customMeasurements', 'Measurements', 'dynamic'],
  ['itemCount', 'ItemCount', 'int'],
];

/** Classic table → workspace-based table and the columns beyond {@link COMMON}. */
const CLASSIC_TABLES: Readonly<Record<string, { workspace: string; columns: readonly ColumnMapping[] }>> = {
  availabilityResults: {
    workspace: 'AppAvailabilityResults',
    columns: [...MEASURED, ['duration', 'DurationMs', 'real'], ['id', 'Id', 'string'], ['location', 'Location', 'string'], ['message', 'Message', 'string'], ['name', 'Name', 'string'], ['performanceBucket', 'PerformanceBucket', 'string'], ['size', 'Size', 'real'], ['success', 'Success', 'bool']],
  },
  browserTimings: {
    workspace: 'AppBrowserTimings',
    columns: [...MEASURED, ['name', 'Name', 'string'], ['networkDuration', 'NetworkDurationMs', 'real'], ['performanceBucket', 'PerformanceBucket', 'string'], ['processingDuration', 'ProcessingDurationMs', 'real'], ['receiveDuration', 'ReceiveDurationMs', 'real'], ['sendDuration', 'SendDurationMs', 'real'], ['totalDuration', 'TotalDurationMs', 'real'], ['url', 'Url', 'string']],
  },
  dependencies: {
    workspace: 'AppDependencies',
    columns: [...MEASURED, ['data', 'Data', 'string'], ['duration', 'DurationMs', 'real'], ['id', 'Id', 'string'], ['name', 'Name', 'string'], ['performanceBucket', 'PerformanceBucket', 'string'], ['resultCode', 'ResultCode', 'string'], ['success', 'Success', 'bool'], ['target', 'Target', 'string'], ['type', 'DependencyType', 'string']],
  },
  customEvents: { workspace: 'AppEvents', columns: [...MEASURED, ['name', 'Name', 'string']] },
  customMetrics: {
    workspace: 'AppMetrics',
    columns: [['name', 'Name', 'string'], ['valueCount', 'ValueCount', 'int'], ['valueMax', 'ValueMax', 'real'], ['valueMin', 'ValueMin', 'real'], ['valueSum', 'ValueSum', 'real']],
  },
  pageViews: {
    workspace: 'AppPageViews',
    columns: [...MEASURED, ['duration', 'DurationMs', 'real'], ['id', 'Id', 'string'], ['name', 'Name', 'string'], ['performanceBucket', 'PerformanceBucket', 'string'], ['url', 'Url', 'string']],
  },
  performanceCounters: {
    workspace: 'AppPerformanceCounters',
    columns: [['category', 'Category', 'string'], ['instance', 'Instance', 'string'], ['name', 'Name', 'string'], ['value', 'Value', 'real']],
  },
  requests: {
    workspace: 'AppRequests',
    columns: [...MEASURED, ['duration', 'DurationMs', 'real'], ['id', 'Id', 'string'], ['name', 'Name', 'string'], ['performanceBucket', 'PerformanceBucket', 'string'], ['resultCode', 'ResultCode', 'string'], ['source', 'Source', 'string'], ['success', 'Success', 'bool'], ['url', 'Url', 'string']],
  },
  exceptions: {
    workspace: 'AppExceptions',
    columns: [...MEASURED, ['assembly', 'Assembly', 'string'], ['details', 'Details', 'dynamic'], ['handledAt', 'HandledAt', 'string'], ['innermostAssembly', 'InnermostAssembly', 'string'], ['innermostMessage', 'InnermostMessage', 'string'], ['innermostMethod', 'InnermostMethod', 'string'], ['innermostType', 'InnermostType', 'string'], ['message', 'Message', 'string'], ['method', 'Method', 'string'], ['outerAssembly', 'OuterAssembly', 'string'], ['outerMessage', 'OuterMessage', 'string'], ['outerMethod', 'OuterMethod', 'string'], ['outerType', 'OuterType', 'string'], ['problemId', 'ProblemId', 'string'], ['severityLevel', 'SeverityLevel', 'int'], ['type', 'ExceptionType', 'string']],
  },
  traces: {
    workspace: 'AppTraces',
    columns: [...MEASURED, ['message', 'Message', 'string'], ['severityLevel', 'SeverityLevel', 'int']],
  },
};

/** Each classic table with its workspace-based table and every column mapping, common ones first. */
function classicAppInsightsTables(): Array<{ classic: string; workspace: string; columns: ColumnMapping[] }> {
  return Object.entries(CLASSIC_TABLES).map(([classic, table]) => ({
    classic,
    workspace: table.workspace,
    columns: [...COMMON, ...table.columns],
  }));
}

/** The workspace-based name of a classic table (`requests` → `AppRequests`), if it is one. */
function workspaceTableOfClassic(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(CLASSIC_TABLES, name) ? CLASSIC_TABLES[name]!.workspace : undefined;
}

/**
 * `schema` plus the classic tables, as a component's query API sees them: every classic table,
 * each column typed as its workspace-based column in `schema` when that exists.
 */
function withClassicAppInsightsTables(schema: KqlSchema): KqlSchema {
  const tables: KqlSchema['tables'] = { ...schema.tables };
  for (const table of classicAppInsightsTables()) {
    if (tables[table.classic]) continue;
    const known = schema.tables[table.workspace] ?? {};
    const columns: Record<string, KustoScalarType> = {};
    for (const [classic, workspace, type] of table.columns) columns[classic] = known[workspace] ?? type;
    tables[table.classic] = columns;
  }
  return { ...schema, tables };
}

export type { ColumnMapping };
export { classicAppInsightsTables, workspaceTableOfClassic, withClassicAppInsightsTables };
