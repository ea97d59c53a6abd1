/**
 * Series functions over dynamic numeric arrays (what `make-series` builds), as documented by
 * Kusto: element-wise arithmetic and comparison (`series_add`, `series_greater`, ...), element-wise
 * math (`series_abs`, `series_log`, ...), gap filling (`series_fill_forward/backward/const/linear`),
 * statistics (`series_stats`, `series_stats_dynamic`) and linear regression (`series_fit_line`,
 * `series_fit_line_dynamic`), plus `range()`, which builds an array of equally spaced values.
 *
 * A non-numeric element, or a position past the end of the shorter input, yields a null element.
 * A scalar argument stands for that value at every position.
 */
import type { CompiledExpression, Evaluate } from './compileExpression';
import { toDynamicElement } from './dynamicConversion';
import type { KqlValue } from './kqlValues';

type SeriesImplementation = (args: CompiledExpression[]) => Evaluate;
/** A function that yields several columns (`extend series_stats(y)`): the values in column order. */
type TupleImplementation = (args: CompiledExpression[]) => (row: KqlValue[]) => KqlValue[];

const finite = (value: KqlValue | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** Maps one or two series (or scalars) element by element. */
function elementWise(arity: 1 | 2, op: (...operands: number[]) => KqlValue): SeriesImplementation {
  return (args) => (row) => {
    const operands = args.slice(0, arity).map((arg) => arg.evaluate(row));
    const arrays = operands.filter((operand): operand is KqlValue[] => Array.isArray(operand));
    if (arrays.length === 0) return null;
    if (operands.some((operand) => !Array.isArray(operand) && typeof operand !== 'number')) return null;
    const length = Math.max(...arrays.map((array) => array.length));
    const result: KqlValue[] = [];
    for (let i = 0; i < length; i++) {
      const values = operands.map((operand) => (Array.isArray(operand) ? operand[i] : operand));
      if (!values.every((value) => typeof value === 'number')) {
        result.push(null);
        continue;
      }
      const out = op(...(values as number[]));
      result.push(typeof out === 'number' && Number.isNaN(out) ? null : out);
    }
    return result;
  };
}

/** Which elements are missing: those equal to the placeholder (null unless one is given). */
function missingTest(args: CompiledExpression[], placeholderIndex: number, row: KqlValue[]): (value: KqlValue | undefined) => boolean {
  const placeholder = args[placeholderIndex]?.evaluate(row) ?? null;
  return (value) => (placeholder === null ? value === null || value === undefined : value === placeholder);
}

function fillForward(series: KqlValue[], missing: (value: KqlValue) => boolean): KqlValue[] {
  let last: KqlValue | undefined;
  return series.map((value) => {
    if (!missing(value)) return (last = value);
    return last === undefined ? value : last;
  });
}

const fillBackward = (series: KqlValue[], missing: (value: KqlValue) => boolean): KqlValue[] => fillForward([...series].reverse(), missing).reverse();

/**
 * Linear interpolation between the known neighbours; edges take the nearest known value when
 * `fillEdges`; an array with no known value is filled with `constant`. Kusto rounds the
 * interpolated values of int/long arrays; a dynamic array here is JSON, where 111 and 111.0 are
 * the same number, so values stay exact (documented in docs/telemetry-emulator.md).
 */
function fillLinear(series: KqlValue[], missing: (value: KqlValue) => boolean, fillEdges: boolean, constant: KqlValue): KqlValue[] {
  const known = series.map((value, i) => (!missing(value) && typeof value === 'number' ? i : -1)).filter((i) => i >= 0);
  if (known.length === 0) return series.map(() => constant);
  const result = [...series];
  for (let k = 0; k + 1 < known.length; k++) {
    const [from, to] = [known[k]!, known[k + 1]!];
    const [a, b] = [series[from] as number, series[to] as number];
    for (let i = from + 1; i < to; i++) {
      result[i] = a + ((b - a) * (i - from)) / (to - from);
    }
  }
  if (fillEdges) {
    for (let i = 0; i < known[0]!; i++) result[i] = series[known[0]!]!;
    for (let i = known[known.length - 1]! + 1; i < series.length; i++) result[i] = series[known[known.length - 1]!]!;
  }
  return result;
}

/** series_stats: min, min_idx, max, max_idx, avg, stdev, variance (sample), in that order. */
function seriesStats(series: KqlValue, ignoreNonFinite: boolean): KqlValue[] {
  const none = [null, null, null, null, null, null, null];
  if (!Array.isArray(series)) return none;
  if (!ignoreNonFinite && series.some((value) => !finite(value))) return none;
  const points = series.map((value, index) => ({ value, index })).filter((point): point is { value: number; index: number } => finite(point.value));
  if (points.length === 0) return none;
  let min = points[0]!;
  let max = points[0]!;
  let sum = 0;
  for (const point of points) {
    if (point.value < min.value) min = point;
    if (point.value > max.value) max = point;
    sum += point.value;
  }
  const avg = sum / points.length;
  const variance = points.length > 1 ? points.reduce((total, point) => total + (point.value - avg) ** 2, 0) / (points.length - 1) : 0;
  return [min.value, min.index, max.value, max.index, avg, Math.sqrt(variance), variance];
}

const STATS_KEYS = ['min', 'min_idx', 'max', 'max_idx', 'avg', 'stdev', 'variance'];

/**
 * series_fit_line: least squares over x = 1..n; rsquare, slope, variance (sample, of the input),
 * rvariance (sample, of the residuals), interception and the fitted line, in that order.
 */
function fitLine(series: KqlValue): KqlValue[] {
  if (!Array.isArray(series) || series.length === 0 || !series.every(finite)) return [null, null, null, null, null, null];
  const y = series as number[];
  const n = y.length;
  const meanX = (n + 1) / 2;
  const meanY = y.reduce((total, value) => total + value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  y.forEach((value, i) => {
    sxy += (i + 1 - meanX) * (value - meanY);
    sxx += (i + 1 - meanX) ** 2;
    syy += (value - meanY) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const interception = meanY - slope * meanX;
  const line = y.map((_, i) => slope * (i + 1) + interception);
  const residual = y.reduce((total, value, i) => total + (value - line[i]!) ** 2, 0);
  const divisor = n > 1 ? n - 1 : 1;
  const rsquare = syy === 0 ? 1 : 1 - residual / syy;
  return [rsquare, slope, syy / divisor, residual / divisor, interception, line];
}

const FIT_KEYS = ['rsquare', 'slope', 'variance', 'rvariance', 'interception', 'line_fit'];

const zip = (keys: string[], values: KqlValue[]): KqlValue => Object.fromEntries(keys.map((key, i) => [key, values[i] ?? null]));

const asBool = (value: KqlValue | undefined, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);

/** The longest array range() and make-series build, as documented (2^20 values). */
const MAX_SERIES_LENGTH = 1_048_576;

/** range(start, stop [, step]): start, start+step, ... up to and including stop, truncated at 2^20 values. */
const range: SeriesImplementation = (args) => {
  const type = args[0]!.type;
  const timed = type === 'datetime' || type === 'timespan';
  return (row) => {
    const [start, stop] = [args[0]!.evaluate(row), args[1]!.evaluate(row)];
    const step = args[2] ? args[2].evaluate(row) : timed ? 3_600_000 : 1;
    if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return null;
    const values: KqlValue[] = [];
    for (let value = start; (step > 0 ? value <= stop : value >= stop) && values.length < MAX_SERIES_LENGTH; value += step) {
      values.push(toDynamicElement(value, type));
    }
    return values;
  };
};

/** Scalar (single-column) series functions by name. */
const SERIES_FUNCTIONS: Readonly<Record<string, SeriesImplementation>> = {
  range,
  series_add: elementWise(2, (a, b) => a! + b!),
  series_subtract: elementWise(2, (a, b) => a! - b!),
  series_multiply: elementWise(2, (a, b) => a! * b!),
  series_divide: elementWise(2, (a, b) => a! / b!),
  series_pow: elementWise(2, (a, b) => a! ** b!),
  series_greater: elementWise(2, (a, b) => a! > b!),
  series_greater_equals: elementWise(2, (a, b) => a! >= b!),
  series_less: elementWise(2, (a, b) => a! < b!),
  series_less_equals: elementWise(2, (a, b) => a! <= b!),
  series_equals: elementWise(2, (a, b) => a === b),
  series_not_equals: elementWise(2, (a, b) => a !== b),
  series_abs: elementWise(1, Math.abs),
  series_sign: elementWise(1, (a) => Math.sign(a!)),
  series_ceiling: elementWise(1, Math.ceil),
  series_floor: elementWise(1, Math.floor),
  series_exp: elementWise(1, Math.exp),
  series_log: elementWise(1, Math.log),
  series_sin: elementWise(1, Math.sin),
  series_cos: elementWise(1, Math.cos),
  series_tan: elementWise(1, Math.tan),
  series_asin: elementWise(1, Math.asin),
  series_acos: elementWise(1, Math.acos),
  series_atan: elementWise(1, Math.atan),
  series_fill_forward: (args) => (row) => {
    const series = args[0]!.evaluate(row);
    return Array.isArray(series) ? fillForward(series, missingTest(args, 1, row)) : null;
  },
  series_fill_backward: (args) => (row) => {
    const series = args[0]!.evaluate(row);
    return Array.isArray(series) ? fillBackward(series, missingTest(args, 1, row)) : null;
  },
  series_fill_const: (args) => (row) => {
    const series = args[0]!.evaluate(row);
    if (!Array.isArray(series)) return null;
    const constant = args[1]?.evaluate(row) ?? null;
    const missing = missingTest(args, 2, row);
    return series.map((value) => (missing(value) ? constant : value));
  },
  series_fill_linear: (args) => (row) => {
    const series = args[0]!.evaluate(row);
    if (!Array.isArray(series)) return null;
    const constant = args[3] ? args[3].evaluate(row) : 0;
    return fillLinear(series, missingTest(args, 1, row), asBool(args[2]?.evaluate(row), true), constant);
  },
  series_stats_dynamic: (args) => (row) => zip(STATS_KEYS, seriesStats(args[0]!.evaluate(row), asBool(args[1]?.evaluate(row), false))),
  series_fit_line_dynamic: (args) => (row) => zip(FIT_KEYS, fitLine(args[0]!.evaluate(row))),
};

/** Series functions that yield several columns. */
const TUPLE_FUNCTIONS: Readonly<Record<string, TupleImplementation>> = {
  series_stats: (args) => (row) => seriesStats(args[0]!.evaluate(row), asBool(args[1]?.evaluate(row), false)),
  series_fit_line: (args) => (row) => fitLine(args[0]!.evaluate(row)),
};

export type { TupleImplementation };
export { MAX_SERIES_LENGTH, SERIES_FUNCTIONS, TUPLE_FUNCTIONS };
