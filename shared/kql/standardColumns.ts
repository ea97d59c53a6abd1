/**
 * Azure Monitor's standard columns, which every table has even where a schema does not list them:
 * "Some of the standard columns will not show in the schema view or intellisense in Log
 * Analytics" (Microsoft Learn, "Standard columns in Azure Monitor Logs",
 * articles/azure-monitor/logs/log-standard-columns.md). A schema read from the metadata API or
 * the table reference lacks `_TimeReceived` and `_ItemId`, so without them the validator would
 * refuse valid production queries such as the ingestion-latency ones of "Log data ingestion time"
 * (`_TimeReceived - TimeGenerated`).
 *
 * Classic Application Insights tables use `timestamp` and `itemType` instead of `TimeGenerated`
 * and `Type`; `_BilledSize` is "available on each ingested event for both workspace-based and
 * classic resources" (articles/azure-monitor/logs/analyze-usage.md) and `_TimeReceived` is read
 * from `requests` in data-ingestion-time.md, so those two are added to classic tables.
 */
import { workspaceTableOfClassic } from './appInsightsClassicNames';
import type { KqlSchema, KustoScalarType } from './kqlSchema';

// Types as the table reference gives them where it lists the column (e.g. _IsBillable is string there).
const WORKSPACE_STANDARD: Readonly<Record<string, KustoScalarType>> = {
  TenantId: 'string',
  TimeGenerated: 'datetime',
  _TimeReceived: 'datetime',
  Type: 'string',
  _ItemId: 'string',
  _ResourceId: 'string',
  _SubscriptionId: 'string',
  _IsBillable: 'string',
  _BilledSize: 'real',
};

const CLASSIC_STANDARD: Readonly<Record<string, KustoScalarType>> = { _TimeReceived: 'datetime', _BilledSize: 'real' };

// The same schema object gets the same result object, so the analyser's symbol cache keeps working.
const cache = new WeakMap<KqlSchema, KqlSchema>();

/**
 * `schema` with every table's missing standard columns appended (listed columns keep their
 * type). Classic Application Insights tables get the classic set.
 */
function withStandardColumns(schema: KqlSchema): KqlSchema {
  const cached = cache.get(schema);
  if (cached) return cached;
  const tables: KqlSchema['tables'] = {};
  for (const [name, columns] of Object.entries(schema.tables)) {
    const standard = workspaceTableOfClassic(name) ? CLASSIC_STANDARD : WORKSPACE_STANDARD;
    tables[name] = { ...columns };
    for (const [column, type] of Object.entries(standard)) if (!(column in columns)) tables[name]![column] = type;
  }
  const result = { ...schema, tables };
  cache.set(schema, result);
  return result;
}

/** The standard columns classic Application Insights tables have besides their classic ones. */
const CLASSIC_STANDARD_COLUMNS: readonly string[] = Object.keys(CLASSIC_STANDARD);

export { withStandardColumns, CLASSIC_STANDARD_COLUMNS };
