/**
 * KQL scalar functions the evaluator implements. Each entry receives its compiled arguments
 * (with their static types) and returns the per-row evaluation; anything not listed is refused
 * with the function's name.
 */
import { childOfClass, scalarTypeOf, separatedItems } from './kqlFrame';
import { syntaxClassName, type KustoScalarType, type KustoSyntaxNode } from '../../../shared/kql';
import { KqlUnsupportedError } from './kqlErrors';
import { compileRegex } from './stringOperators';
import {
  kqlToString,
  MS_PER_DAY,
  parseDateTime,
  parseTimespan,
  TICKS_EPOCH_OFFSET_MS,
  type KqlValue,
} from './kqlValues';
import type { CompileContext, CompiledExpression, Evaluate } from './compileExpression';
import { parseXml } from './parseXml';
import { SERIES_FUNCTIONS } from './seriesFunctions';
import { DATE_TIME_FUNCTIONS } from './dateTimeFunctions';
import { TEXT_FUNCTIONS } from './textFunctions';
import { WINDOW_FUNCTIONS } from './windowFunctions';

type Compile = (node: KustoSyntaxNode, context: CompileContext) => CompiledExpression;
type Implementation = (args: CompiledExpression[], resultType: KustoScalarType, context: CompileContext) => Evaluate;

/** The argument nodes of a call. */
function callArguments(node: KustoSyntaxNode): KustoSyntaxNode[] {
  const list = childOfClass(node, 'ExpressionList');
  return separatedItems(list?.GetChild(1) ?? undefined);
}

/** The called function's name, e.g. `bin`. */
function calleeName(node: KustoSyntaxNode): string {
  return node.GetChild(0)?.ToString().trim() ?? '';
}

const num = (v: KqlValue): number | null => (typeof v === 'number' ? v : null);

function toNumber(value: KqlValue, type: KustoScalarType): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (type === 'timespan' || type === 'datetime') return null;
    const trimmed = value.trim();
    if (trimmed === '') return null;
    const parsed = Number(trimmed);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

// Kusto's round() rounds half away from zero.
function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

// bin() floors to a multiple of the size; datetimes are binned from 0001-01-01 as in Kusto.
function binValue(value: number, size: number, type: KustoScalarType): number {
  if (type === 'datetime') return Math.floor((value + TICKS_EPOCH_OFFSET_MS) / size) * size - TICKS_EPOCH_OFFSET_MS;
  return Math.floor(value / size) * size;
}

const unary = (f: (v: KqlValue, type: KustoScalarType) => KqlValue): Implementation => (args) => {
  const a = args[0]!.evaluate;
  const type = args[0]!.type;
  return (row) => f(a(row), type);
};

/** Fixed-length units of datetime_diff, in milliseconds (weeks start on Sunday: 1970-01-04). */
const FIXED_UNITS: Readonly<Record<string, { ms: number; origin: number }>> = {
  week: { ms: 7 * MS_PER_DAY, origin: 3 * MS_PER_DAY },
  day: { ms: MS_PER_DAY, origin: 0 },
  hour: { ms: 3_600_000, origin: 0 },
  minute: { ms: 60_000, origin: 0 },
  second: { ms: 1000, origin: 0 },
  millisecond: { ms: 1, origin: 0 },
};

/**
 * datetime_diff(period, a, b): how many `period` boundaries lie between b and a (a − b), counted
 * on the calendar for years, quarters and months, as Kusto documents.
 */
function datetimeDiff(period: string, a: number, b: number): number | null {
  const unit = period.toLowerCase();
  const fixed = FIXED_UNITS[unit];
  if (fixed) return Math.floor((a - fixed.origin) / fixed.ms) - Math.floor((b - fixed.origin) / fixed.ms);
  if (unit === 'microsecond' || unit === 'nanosecond') return (a - b) * (unit === 'microsecond' ? 1000 : 1_000_000);
  const [da, db] = [new Date(a), new Date(b)];
  const months = (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + (da.getUTCMonth() - db.getUTCMonth());
  if (unit === 'month') return months;
  if (unit === 'year') return da.getUTCFullYear() - db.getUTCFullYear();
  if (unit === 'quarter') return (da.getUTCFullYear() - db.getUTCFullYear()) * 4 + (Math.floor(da.getUTCMonth() / 3) - Math.floor(db.getUTCMonth() / 3));
  return null;
}

/** parseurl(): the parts of an absolute URL as Kusto names them; an unparseable URL gives an empty bag. */
function parseUrl(text: string): KqlValue {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {};
  }
  return {
    Scheme: url.protocol.replace(/:$/, ''),
    Host: url.hostname,
    Port: url.port,
    Path: decodeURIComponent(url.pathname),
    Username: decodeURIComponent(url.username),
    Password: decodeURIComponent(url.password),
    'Query Parameters': Object.fromEntries(url.searchParams.entries()),
    Fragment: url.hash.replace(/^#/, ''),
  };
}

const FUNCTIONS: Readonly<Record<string, Implementation>> = {
  now: (args, _type, context) => {
    const offset = args[0]?.evaluate;
    return (row) => context.scope.now + (offset ? (num(offset(row)) ?? 0) : 0);
  },
  ago: (args, _type, context) => {
    const span = args[0]!.evaluate;
    return (row) => { const s = num(span(row)); return s === null ? null : context.scope.now - s; };
  },
  startofday: unary((v) => (typeof v === 'number' ? Math.floor(v / MS_PER_DAY) * MS_PER_DAY : null)),
  startofhour: unary((v) => (typeof v === 'number' ? Math.floor(v / 3_600_000) * 3_600_000 : null)),
  bin: binImplementation,
  floor: binImplementation,
  round: (args) => {
    const value = args[0]!.evaluate;
    const digits = args[1]?.evaluate;
    return (row) => {
      const v = num(value(row));
      const d = digits ? num(digits(row)) : 0;
      return v === null || d === null ? null : roundTo(v, d);
    };
  },
  abs: unary((v) => (typeof v === 'number' ? Math.abs(v) : null)),
  ceiling: unary((v) => (typeof v === 'number' ? Math.ceil(v) : null)),
  sqrt: unary((v) => (typeof v === 'number' && v >= 0 ? Math.sqrt(v) : null)),
  tostring: unary((v, type) => kqlToString(v, type)),
  toint: unary((v, type) => { const n = toNumber(v, type); return n === null ? null : Math.trunc(n); }),
  tolong: unary((v, type) => { const n = toNumber(v, type); return n === null ? null : Math.trunc(n); }),
  todouble: unary((v, type) => toNumber(v, type)),
  toreal: unary((v, type) => toNumber(v, type)),
  todecimal: unary((v, type) => toNumber(v, type)),
  tobool: unary((v) => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    return null;
  }),
  todatetime: unary((v, type) => (type === 'datetime' ? v : typeof v === 'string' ? parseDateTime(v) : null)),
  totimespan: unary((v, type) => (type === 'timespan' ? v : typeof v === 'string' ? parseTimespan(v) : null)),
  parse_json: unary(parseJson),
  todynamic: unary(parseJson),
  strcat: (args) => (row) => args.map((arg) => kqlToString(arg.evaluate(row), arg.type)).join(''),
  tolower: unary((v, type) => kqlToString(v, type).toLowerCase()),
  toupper: unary((v, type) => kqlToString(v, type).toUpperCase()),
  strlen: unary((v, type) => [...kqlToString(v, type)].length),
  substring: (args) => (row) => {
    const text = [...kqlToString(args[0]!.evaluate(row), args[0]!.type)];
    const start = Math.max(0, num(args[1]!.evaluate(row)) ?? 0);
    const length = args[2] ? num(args[2].evaluate(row)) : null;
    return text.slice(start, length === null ? undefined : start + Math.max(0, length)).join('');
  },
  split: (args) => (row) => {
    const text = kqlToString(args[0]!.evaluate(row), args[0]!.type);
    const parts = text.split(kqlToString(args[1]!.evaluate(row), args[1]!.type));
    if (!args[2]) return parts;
    const index = num(args[2].evaluate(row));
    // split(s, d, i) returns a one-element array, or an empty one when i is out of range.
    return index !== null && index >= 0 && index < parts.length ? [parts[index]!] : [];
  },
  extract: (args, resultType) => {
    const regexCache = new Map<string, RegExp>();
    return (row) => {
      const pattern = kqlToString(args[0]!.evaluate(row), args[0]!.type);
      let regex = regexCache.get(pattern);
      if (!regex) regexCache.set(pattern, (regex = compileRegex(pattern)));
      const group = num(args[1]!.evaluate(row)) ?? 0;
      const match = regex.exec(kqlToString(args[2]!.evaluate(row), args[2]!.type));
      const captured = match?.[group];
      if (captured === undefined) return resultType === 'string' ? '' : null;
      return convertExtracted(captured, resultType);
    };
  },
  iff: conditional,
  iif: conditional,
  case: (args) => (row) => {
    for (let i = 0; i + 1 < args.length; i += 2) if (args[i]!.evaluate(row) === true) return args[i + 1]!.evaluate(row);
    return args[args.length - 1]!.evaluate(row);
  },
  coalesce: (args) => (row) => {
    for (const arg of args) {
      const value = arg.evaluate(row);
      if (value !== null && !(arg.type === 'string' && value === '')) return value;
    }
    return null;
  },
  isempty: unary((v) => v === null || v === ''),
  isnotempty: unary((v) => !(v === null || v === '')),
  isnull: unary((v) => v === null),
  isnotnull: unary((v) => v !== null),
  not: unary((v) => (typeof v === 'boolean' ? !v : null)),
  array_length: unary((v) => (Array.isArray(v) ? v.length : null)),
  datetime_diff: (args) => (row) => {
    const [period, a, b] = args.map((arg) => arg.evaluate(row));
    return typeof period === 'string' && typeof a === 'number' && typeof b === 'number' ? datetimeDiff(period, a, b) : null;
  },
  parseurl: unary((v, type) => parseUrl(kqlToString(v, type))),
  parse_url: unary((v, type) => parseUrl(kqlToString(v, type))),
  parse_xml: unary((v, type) => parseXml(kqlToString(v, type))),
  ...SERIES_FUNCTIONS,
  ...DATE_TIME_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...WINDOW_FUNCTIONS,
};

function binImplementation(args: CompiledExpression[]): Evaluate {
  const value = args[0]!.evaluate;
  const size = args[1]!.evaluate;
  const type = args[0]!.type;
  return (row) => {
    const v = num(value(row));
    const s = num(size(row));
    return v === null || s === null || s <= 0 ? null : binValue(v, s, type);
  };
}

function conditional(args: CompiledExpression[]): Evaluate {
  const [condition, whenTrue, whenFalse] = args.map((arg) => arg.evaluate) as [Evaluate, Evaluate, Evaluate];
  return (row) => (condition(row) === true ? whenTrue(row) : whenFalse(row));
}

function parseJson(value: KqlValue): KqlValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as KqlValue;
  } catch {
    // parse_json of text that is not JSON yields the string itself as a dynamic value.
    return value;
  }
}

function convertExtracted(text: string, type: KustoScalarType): KqlValue {
  switch (type) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal': {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) ? null : type === 'int' || type === 'long' ? Math.trunc(n) : n;
    }
    case 'datetime':
      return parseDateTime(text);
    case 'timespan':
      return parseTimespan(text);
    case 'bool':
      return /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : null;
    default:
      return text;
  }
}

const AGGREGATE_NAMES = new Set([
  'count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'minif', 'max', 'maxif', 'percentile', 'percentiles',
  'make_list', 'make_list_if', 'make_set', 'make_set_if', 'arg_max', 'arg_min', 'any', 'take_any',
  'stdev', 'stdevp', 'stdevif', 'variance', 'variancep', 'varianceif',
  'makelist', 'makeset', 'make_bag',
]);

/** Compiles a scalar function call; aggregates outside `summarize` and unknown functions are refused. */
function compileFunctionCall(node: KustoSyntaxNode, context: CompileContext, compile: Compile): CompiledExpression {
  const name = calleeName(node);
  const implementation = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!implementation) {
    if (AGGREGATE_NAMES.has(name)) throw new KqlUnsupportedError(`aggregate function ${name}() outside summarize`);
    throw new KqlUnsupportedError(`function ${name}()`);
  }
  const argumentNodes = callArguments(node);
  // typeof(...) arguments (e.g. extract's last parameter) only steer the result type.
  const args = argumentNodes.filter((arg) => syntaxClassName(arg) !== 'TypeOfLiteralExpression').map((arg) => compile(arg, context));
  const resultType = scalarTypeOf(node);
  return { type: resultType, evaluate: implementation(args, resultType, context) };
}

export { compileFunctionCall, callArguments, calleeName, binValue, AGGREGATE_NAMES };
