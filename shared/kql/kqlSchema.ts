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
  /**
   * Saved workspace functions (the metadata API's `functions`): `parameters` is the declaration
   * without parentheses (`"name:string, n:int = 10"`), `body` the KQL the analyser expands.
   */
  functions: z
    .array(z.object({ name: z.string().min(1), parameters: z.string().optional(), body: z.string().min(1) }))
    .optional(),
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

// One database symbol per schema object: tables, and functions whose body the analyser expands.
const databaseCache = new WeakMap<KqlSchema, Map<string, KustoSymbol>>();

function databaseSymbol(name: string, schema: KqlSchema): KustoSymbol {
  const cached = databaseCache.get(schema)?.get(name);
  if (cached) return cached;
  const { Symbols } = kustoLanguage();
  const members: KustoSymbol[] = Object.entries(schema.tables).map(([tableName, columns]) => {
    const columnSymbols: KustoColumnSymbol[] = Object.entries(columns).map(
      ([columnName, type]) => new Symbols.ColumnSymbol(columnName, Symbols.ScalarTypes[SCALAR_TYPE_SYMBOL[type]]!),
    );
    return new Symbols.TableSymbol.$ctor4(tableName, columnSymbols);
  });
  for (const fn of schema.functions ?? []) {
    // The analyser parses the body lazily, where it is used; a body it cannot parse becomes a
    // diagnostic of the query that calls the function, never of every query.
    members.push(new Symbols.FunctionSymbol.$ctor16(fn.name, `(${fn.parameters ?? ''})`, `{ ${fn.body} }`, null));
  }
  const database = new Symbols.DatabaseSymbol.$ctor2(name, null, members);
  const byName = databaseCache.get(schema) ?? new Map<string, KustoSymbol>();
  byName.set(name, database);
  databaseCache.set(schema, byName);
  return database;
}

/** The name of the database symbol holding the query's own scope. */
const DEFAULT_DATABASE = 'workspace';

/**
 * The parser's `GlobalState`: one cluster whose default database holds the schema's tables and
 * functions, plus one database per entry of `extraDatabases` (name → schema), which is how
 * cross-resource references (`workspace("x")`, `app("y")`) are analysed once rewritten to
 * `database("<name>")` (see crossResource.ts).
 */
function buildGlobalState(schema: KqlSchema, extraDatabases: ReadonlyMap<string, KqlSchema> = new Map()): KustoGlobalState {
  const cached = extraDatabases.size === 0 ? globalStateCache.get(schema) : undefined;
  if (cached) return cached;
  const { Symbols, GlobalState } = kustoLanguage();
  const database = databaseSymbol(DEFAULT_DATABASE, schema);
  const others = [...extraDatabases].map(([name, other]) => databaseSymbol(name, other));
  const cluster = new Symbols.ClusterSymbol.$ctor1('loganalytics', [database, ...others]);
  const globals = GlobalState.Default.WithCluster(cluster).WithDatabase(database);
  if (extraDatabases.size === 0) globalStateCache.set(schema, globals);
  return globals;
}

export type { KustoScalarType, KqlSchema };
export { KustoScalarTypeSchema, KqlSchemaSchema, kqlSchemaFromTables, buildGlobalState };
