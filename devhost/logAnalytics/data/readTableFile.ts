/**
 * Reads one table file: a JSON Lines file whose first line is the header
 * `{"table": "AppRequests", "columns": [{"name": "TimeGenerated", "type": "datetime"}, ...]}` and
 * every further line one row as a JSON array in column order. Datetime cells are re-anchored.
 */
import { readFileSync } from 'node:fs';

import type { KustoScalarType } from '../../../shared/kql';
import type { KqlTable } from '../kql';
import { resolveInstant, type TimeAnchor } from './relativeTime';
import { TableHeaderSchema } from './scenarioFormat';
import { TelemetryDataError } from './telemetryDataError';

const TIMESPAN_TEXT = /^-?(?:\d+\.)?\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;

/** Checks and converts one cell; returns an error message instead of throwing to keep the loop cheap. */
function convertCell(value: unknown, type: KustoScalarType, time: TimeAnchor): { value: unknown } | { error: string } {
  if (value === null) return { value: null };
  switch (type) {
    case 'string':
    case 'guid':
      return typeof value === 'string' ? { value } : { error: `expected a string` };
    case 'int':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? { value } : { error: 'expected an integer' };
    case 'real':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: 'expected a number' };
    case 'bool':
      return typeof value === 'boolean' ? { value } : { error: 'expected true or false' };
    case 'datetime': {
      const resolved = typeof value === 'string' ? resolveInstant(value, time) : undefined;
      return resolved === undefined ? { error: `expected an ISO 8601 UTC instant or @offset, got ${JSON.stringify(value)}` } : { value: resolved };
    }
    case 'timespan':
      return typeof value === 'string' && TIMESPAN_TEXT.test(value) ? { value } : { error: 'expected a timespan like 00:05:00' };
    case 'dynamic':
      return { value };
  }
}

/**
 * Parses a table file. `displayPath` is what errors name (relative to the scenarios folder);
 * `extraColumns` are appended to every row (e.g. `TenantId` and `Type`, which Log Analytics fills in).
 *
 * @throws {TelemetryDataError} naming the file and line of the first bad header or row.
 */
function readTableFile(
  path: string,
  displayPath: string,
  time: TimeAnchor,
  extraColumns: (table: string) => Array<{ name: string; type: KustoScalarType; value: unknown }>,
): KqlTable {
  const lines = readFileSync(path, 'utf8').split('\n');
  const parseLine = (index: number): unknown => {
    try {
      return JSON.parse(lines[index]!);
    } catch (cause) {
      throw new TelemetryDataError(displayPath, index + 1, 'is not valid JSON', { cause });
    }
  };
  const header = TableHeaderSchema.safeParse(parseLine(0));
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw new TelemetryDataError(displayPath, 1, `bad header at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { table, columns } = header.data;
  const names = new Set(columns.map((c) => c.name));
  const extras = extraColumns(table).filter((extra) => !names.has(extra.name));
  const rows: unknown[][] = [];
  for (let index = 1; index < lines.length; index++) {
    if (lines[index]!.trim() === '') continue;
    const raw = parseLine(index);
    if (!Array.isArray(raw) || raw.length !== columns.length) {
      throw new TelemetryDataError(displayPath, index + 1, `a row must be a JSON array of ${columns.length} values (one per header column)`);
    }
    const row: unknown[] = new Array(columns.length + extras.length);
    for (let c = 0; c < columns.length; c++) {
      const converted = convertCell(raw[c], columns[c]!.type, time);
      if ('error' in converted) {
        throw new TelemetryDataError(displayPath, index + 1, `column ${columns[c]!.name} (${columns[c]!.type}): ${converted.error}`);
      }
      row[c] = converted.value;
    }
    for (let e = 0; e < extras.length; e++) row[columns.length + e] = extras[e]!.value;
    rows.push(row);
  }
  return {
    name: table,
    columns: [...columns, ...extras.map(({ name, type }) => ({ name, type }))],
    rows,
  };
}

export { readTableFile };
