/**
 * The shape of a Log Analytics workspace as the KQL analyser needs it: tables and their typed
 * columns. Validation and the local evaluator both build the parser's `GlobalState` from it.
 */
import { z } from 'zod';

import { kustoLanguage, type KustoColumnSymbol, type KustoGlobalState, type KustoSymbol } from './kustoLanguage';

/** Kusto's scalar types, spelled as Kusto and the Log Analytics REST API spell them. */
const KustoScalarTypeSchema = z.enum([
  'string',
  'int',
  'long',
  'real',
  'bool',
  'datetime',
  'timespan',
  'dynamic',
  'guid',
  'decimal',
]);

/**
 * Tables by name, each mapping column names (in column order) to scalar types.
 *
 * @example
 * const schema: KqlSchema = { tables: { AppRequests: { TimeGenerated: 'datetime', ResultCode: 'string' } } };
 */
const KqlSchemaSchema = z.object({
  tables: z.record(z.string().min(1), z.record(z.string().min(1), KustoScalarTypeSchema)),
});

type KustoScalarType = z.infer<typeof KustoScalarTypeSchema>;
type KqlSchema = z.infer<typeof KqlSchemaSchema>;

// The analyser's own names for the scalar types (`Kusto.Language.Symbols.ScalarTypes.<name>`).
const SCALAR_TYPE_SYMBOL: Readonly<Record<KustoScalarType, string>> = {
  string: 'String',
  int: 'Int',
  long: 'Long',
  real: 'Real',
  bool: 'Bool',
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  dynamic: 'Dynamic',
  guid: 'Guid',
  decimal: 'Decimal',
};

/** Builds a schema from tables described as column lists (the evaluator's table shape). */
function kqlSchemaFromTables(
  tables: Iterable<{ name: string; columns: ReadonlyArray<{ name: string; type: KustoScalarType }> }>,
): KqlSchema {
  const result: KqlSchema = { tables: {} };
  for (const table of tables) {
    const columns: Record<string, KustoScalarType> = {};
    for (const column of table.columns) columns[column.name] = column.type;
    result.tables[table.name] = columns;
  }
  return result;
}

// Building symbols for a large workspace is not free; the same schema object is reused by callers.
const globalStateCache = new WeakMap<KqlSchema, KustoGlobalState>();

/** The parser's `GlobalState` with one cluster and one database holding the schema's tables. */
function buildGlobalState(schema: KqlSchema): KustoGlobalState {
  const cached = globalStateCache.get(schema);
  if (cached) return cached;
  const { Symbols, GlobalState } = kustoLanguage();
  const tables: KustoSymbol[] = Object.entries(schema.tables).map(([tableName, columns]) => {
    const columnSymbols: KustoColumnSymbol[] = Object.entries(columns).map(
      ([columnName, type]) => new Symbols.ColumnSymbol(columnName, Symbols.ScalarTypes[SCALAR_TYPE_SYMBOL[type]]!),
    );
    return new Symbols.TableSymbol.$ctor4(tableName, columnSymbols);
  });
  const database = new Symbols.DatabaseSymbol.$ctor2('workspace', null, tables);
  const cluster = new Symbols.ClusterSymbol.$ctor1('loganalytics', [database]);
  const globals = GlobalState.Default.WithCluster(cluster).WithDatabase(database);
  globalStateCache.set(schema, globals);
  return globals;
}

export type { KustoScalarType, KqlSchema };
export { KustoScalarTypeSchema, KqlSchemaSchema, kqlSchemaFromTables, buildGlobalState };
