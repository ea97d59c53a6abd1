/**
 * The evaluator's internal value representation and the conversions at its edges.
 *
 * Inside the evaluator a value's meaning comes from the static type the official analyser gave
 * its expression, so values stay plain JS for speed: datetime and timespan are numbers of
 * milliseconds (since the Unix epoch, and of duration), int/long/real/decimal are numbers,
 * strings are strings (Kusto strings are never null: empty is `""`), dynamic is a JSON value.
 */
import type { KustoScalarType } from '../../../shared/kql';
import { KqlEvaluationError } from './kqlErrors';

/** One internal value. */
type KqlValue = string | number | boolean | null | KqlDynamic;
/** A dynamic array or property bag. */
type KqlDynamic = KqlValue[] | { [key: string]: KqlValue };

const MS_PER_DAY = 86_400_000;
// Kusto bins datetimes from 0001-01-01, not from the Unix epoch (matters for bins such as 7d).
const TICKS_EPOCH_OFFSET_MS = 62_135_596_800_000;

const TIMESPAN_UNITS_MS: Readonly<Record<string, number>> = {
  d: MS_PER_DAY, day: MS_PER_DAY, days: MS_PER_DAY,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 0.001, microseconds: 0.001, tick: 0.0001, ticks: 0.0001,
};

/** Parses Kusto datetime text (ISO 8601 and `yyyy-MM-dd HH:mm:ss`), always as UTC. */
function parseDateTime(text: string): number | null {
  let value = text.trim();
  if (value === '' || value === 'null') return null;
  // MM/dd/yyyy [HH:mm[:ss]], which Kusto also reads (parse-operator.md parses `02/17/2016 08:39:01`).
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/.exec(value);
  if (us) {
    const [month, day, year, hour, minute, second, fraction] = us.slice(1).map((part) => part ?? '0');
    return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) + Math.round(Number(fraction) * 1000);
  }
  value = value.replace(' ', 'T');
  // Keep at most millisecond precision; JS rejects 7 fractional digits in some forms.
  value = value.replace(/(\.\d{3})\d+/, '$1');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) value += 'Z';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) value += 'T00:00:00Z';
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

/** Parses `5m`, `1.5h`, `2days`, `100ms` or `[-][d.]hh:mm[:ss[.fffffff]]` into milliseconds. */
function parseTimespan(text: string): number | null {
  const value = text.trim();
  if (value === '' || value === 'null') return null;
  const unit = /^(-?)(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(value);
  if (unit) {
    const factor = TIMESPAN_UNITS_MS[unit[3]!.toLowerCase()];
    if (factor === undefined) return null;
    return (unit[1] === '-' ? -1 : 1) * Number(unit[2]) * factor;
  }
  const clock = /^(-?)(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(value);
  if (clock) {
    const fraction = clock[6] ? Number(`0.${clock[6]}`) * 1000 : 0;
    const total =
      Number(clock[2] ?? 0) * MS_PER_DAY + Number(clock[3]) * 3_600_000 + Number(clock[4]) * 60_000 +
      Number(clock[5] ?? 0) * 1000 + fraction;
    return clock[1] === '-' ? -total : total;
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value) * MS_PER_DAY; // a bare number of days
  return null;
}

/** Kusto's text form of a datetime: ISO 8601 UTC, fractional seconds only when present. */
function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Kusto's text form of a timespan: `[-][d.]hh:mm:ss[.fffffff]`. */
function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / MS_PER_DAY);
  rest -= days * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const ticks = Math.round((rest - seconds * 1000) * 10_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const fraction = ticks > 0 ? `.${String(ticks).padStart(7, '0')}` : '';
  return `${sign}${days > 0 ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`;
}

/** Converts a value from an input table to the internal form, by its column's type. */
function toInternal(value: unknown, type: KustoScalarType, where: string): KqlValue {
  if (value === undefined || value === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
    case 'guid':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'datetime': {
      if (value instanceof Date) return value.getTime();
      if (typeof value === 'number') return value;
      const parsed = typeof value === 'string' ? parseDateTime(value) : null;
      if (parsed !== null) return parsed;
      break;
    }
    case 'timespan': {
      if (typeof value === 'number') return value;
      const parsed = typeof value === 'string' ? parseTimespan(value) : null;
      if (parsed !== null) return parsed;
      break;
    }
    case 'dynamic':
      return value as KqlValue;
  }
  throw new KqlEvaluationError('EvaluationError', `${where}: ${JSON.stringify(value)} is not a valid ${type}`);
}

/** Converts an internal value to the documented output form of its column type. */
function toExternal(value: KqlValue, type: KustoScalarType): unknown {
  if (value === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return typeof value === 'number' ? formatDateTime(value) : null;
    case 'timespan':
      return typeof value === 'number' ? formatTimespan(value) : null;
    case 'int':
    case 'long':
      return typeof value === 'number' ? Math.trunc(value) : null;
    default:
      return value;
  }
}

/** Kusto's `tostring()` of a value whose static type is `type`. */
function kqlToString(value: KqlValue, type: KustoScalarType): string {
  if (value === null) return '';
  if (type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  if (type === 'timespan' && typeof value === 'number') return formatTimespan(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Total order used by sort, top and min/max: numbers, then strings, booleans; null handled by callers. */
function compareValues(a: KqlValue, b: KqlValue): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Equality as `==` sees it: same primitive value; dynamic values by their JSON. */
function valuesEqual(a: KqlValue, b: KqlValue): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** A key that groups equal values together (used by summarize, distinct and join). */
function groupKey(values: KqlValue[]): string {
  let key = '';
  for (const value of values) {
    key += value === null ? '\u0000n' : typeof value === 'object' ? `\u0000o${JSON.stringify(value)}` : `\u0000${typeof value}${String(value)}`;
  }
  return key;
}

export type { KqlValue, KqlDynamic };
export {
  MS_PER_DAY,
  TICKS_EPOCH_OFFSET_MS,
  parseDateTime,
  parseTimespan,
  formatDateTime,
  formatTimespan,
  toInternal,
  toExternal,
  kqlToString,
  compareValues,
  valuesEqual,
  groupKey,
};
