/**
 * The tabular view of a tool result's data, shared by the summary the model sees and by
 * `read_result`, so "row 120 of table 0" means the same thing in both. Recognises the shapes
 * the tools return: KQL tables (`{tables: [{name, columns, rows}]}`), row objects
 * (`{rows: [{...}]}`, Resource Graph) and plain arrays. Anything else has no rows and is paged
 * as JSON text.
 */

/** One table: column names and types, and rows as arrays of cells in column order. */
interface ResultTable {
  name: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The JSON type of a cell, as a column type when the tool gives none. */
function cellType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Column names in first-seen order (stable for the same input) with the type of their first non-null cell. */
function tableFromObjects(name: string, items: ReadonlyArray<unknown>): ResultTable {
  const columns: Array<{ name: string; type: string }> = [];
  const index = new Map<string, number>();
  for (const item of items) {
    const fields = isRecord(item) ? item : { value: item };
    for (const [key, value] of Object.entries(fields)) {
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, columns.length);
        columns.push({ name: key, type: cellType(value) });
      } else if (columns[at]!.type === 'null') {
        columns[at]!.type = cellType(value);
      }
    }
  }
  const rows = items.map((item) => {
    const fields = isRecord(item) ? item : { value: item };
    return columns.map((column) => (column.name in fields ? fields[column.name] : null));
  });
  return { name, columns, rows };
}

/** The tables in `data`, or `[]` when it has no tabular shape. */
function resultTables(data: unknown): ResultTable[] {
  if (Array.isArray(data)) return [tableFromObjects('rows', data)];
  if (!isRecord(data)) return [];
  if (Array.isArray(data.tables)) {
    const tables: ResultTable[] = [];
    for (const [position, table] of data.tables.entries()) {
      if (!isRecord(table) || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return [];
      const columns = (table.columns as unknown[]).map((column, i) => {
        const c = isRecord(column) ? column : {};
        return { name: typeof c.name === 'string' ? c.name : `column${i}`, type: typeof c.type === 'string' ? c.type : 'dynamic' };
      });
      const rows = (table.rows as unknown[]).map((row) => (Array.isArray(row) ? row : [row]));
      tables.push({ name: typeof table.name === 'string' ? table.name : `table${position}`, columns, rows });
    }
    return tables;
  }
  if (Array.isArray(data.rows)) return [tableFromObjects('rows', data.rows)];
  return [];
}

/** The fields of `data` other than its rows (target, timespan, totals, notes...), for context. */
function resultFields(data: unknown): Record<string, unknown> {
  if (!isRecord(data)) return {};
  const { tables: _tables, rows: _rows, ...rest } = data;
  return rest;
}

export { resultTables, resultFields, cellType };
export type { ResultTable };
