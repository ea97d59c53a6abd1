/** A result table as the model sees it: JSON-safe cells, rows cut to the caps. */
interface CappedTable {
  name: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
  /** Rows the service returned for this table, before the caps. */
  totalRows: number;
}

/** Tables after the row and byte caps, and whether (and why) rows were cut. */
interface CappedTables {
  tables: CappedTable[];
  totalRows: number;
  returnedRows: number;
  /** Present when rows were cut: which cap bit first. */
  truncated?: { reason: 'max_rows' | 'max_bytes'; limit: number };
}

/** Input table: columns with name and type, rows of any cells (the SDKs return `Date` for datetimes). */
interface RawTable {
  name: string;
  columns: ReadonlyArray<{ name?: string | undefined; type?: string | undefined }>;
  rows: ReadonlyArray<ReadonlyArray<unknown>>;
}

function jsonSafe(cell: unknown): unknown {
  if (cell instanceof Date || Object.prototype.toString.call(cell) === '[object Date]') {
    const date = cell as Date;
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return cell === undefined ? null : cell;
}

/**
 * Copies rows into JSON-safe tables until `maxRows` rows or `maxBytes` bytes of row JSON are
 * reached, across all tables, so one huge result cannot flood the model's context; the caller
 * tells the model what was cut and how to narrow the query.
 */
function capTables(tables: ReadonlyArray<RawTable>, maxRows: number, maxBytes: number): CappedTables {
  const out: CappedTable[] = [];
  let returnedRows = 0;
  let bytes = 0;
  let truncated: CappedTables['truncated'];
  let totalRows = 0;
  for (const table of tables) {
    totalRows += table.rows.length;
    const capped: CappedTable = {
      name: table.name,
      columns: table.columns.map((c) => ({ name: c.name ?? '', type: c.type ?? 'dynamic' })),
      rows: [],
      totalRows: table.rows.length,
    };
    out.push(capped);
    for (const row of table.rows) {
      if (truncated) break;
      if (returnedRows >= maxRows) {
        truncated = { reason: 'max_rows', limit: maxRows };
        break;
      }
      const safe = row.map(jsonSafe);
      const size = Buffer.byteLength(JSON.stringify(safe)) + 1;
      if (bytes + size > maxBytes) {
        truncated = { reason: 'max_bytes', limit: maxBytes };
        break;
      }
      bytes += size;
      capped.rows.push(safe);
      returnedRows++;
    }
  }
  return { tables: out, totalRows, returnedRows, ...(truncated ? { truncated } : {}) };
}

export { capTables, jsonSafe };
export type { CappedTable, CappedTables, RawTable };
