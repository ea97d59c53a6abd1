/**
 * Tables as the local Log Analytics emulator stores them and as `executeKql` returns them: typed
 * columns plus positional rows, the shape the Log Analytics query REST response needs.
 *
 * Row values by column type (both for input tables and for results):
 * - `string`, `guid`: a JS string;
 * - `int`, `long`, `real`, `decimal`: a JS number;
 * - `bool`: `true` / `false`;
 * - `datetime`: an ISO 8601 UTC string such as `2024-05-01T10:00:00Z` (milliseconds shown when not zero, e.g. `...10:00:00.250Z`) (input may also be a
 *   `Date` or epoch milliseconds);
 * - `timespan`: Kusto's text form `[-][d.]hh:mm:ss[.fffffff]`, e.g. `00:05:00` or `1.02:00:00`
 *   (input may also be a number of milliseconds);
 * - `dynamic`: any JSON value (object, array, string, number, boolean);
 * - `null` for an empty value of any type.
 */
import type { KustoScalarType } from '../../../shared/kql';

/** A result or source column. */
interface KqlColumn {
  name: string;
  type: KustoScalarType;
}

/** A table: columns and rows whose values follow the representation described above. */
interface KqlTable {
  name: string;
  columns: KqlColumn[];
  rows: unknown[][];
}

/** The tables a query can read, by exact (case-sensitive, as in Kusto) name. */
interface KqlDatabase {
  tables: ReadonlyMap<string, KqlTable>;
}

/** Options of `executeKql`. */
interface ExecuteKqlOptions {
  /** What `now()` and `ago()` mean; fixed per query as in Kusto. */
  now: Date;
  /** Truncates each result table to this many rows (the emulator's result limit). */
  maxRows?: number;
  /**
   * The REST API's `timespan` parameter: source tables are pre-filtered to rows whose
   * `TimeGenerated` (or, when absent, `Timestamp`) falls in [start, end].
   */
  timespan?: { start: Date; end: Date };
}

/** The result: one table (`PrimaryResult`) per query, as Log Analytics returns it. */
interface KqlResult {
  tables: KqlTable[];
}

/**
 * Names starting with this are tables the emulator's API added for cross-resource references
 * (`workspace("x").T` becomes `__xr0_T`); they are not names the query used.
 */
const CROSS_RESOURCE_TABLE_PREFIX = '__xr';

export type { KqlColumn, KqlTable, KqlDatabase, ExecuteKqlOptions, KqlResult };
export { CROSS_RESOURCE_TABLE_PREFIX };
