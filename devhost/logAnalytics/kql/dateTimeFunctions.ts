/**
 * Date and time functions as Kusto documents them: `bin_at`, `datetime_add`, `datetime_part`,
 * `startofweek` / `startofmonth` / `startofyear` and their `endof…` counterparts, `make_datetime`,
 * `format_timespan` and `dayofweek`. Datetimes are milliseconds since the Unix epoch (UTC);
 * weeks start on Sunday.
 */
import type { CompiledExpression, Evaluate } from './compileExpression';
import { MS_PER_DAY, type KqlValue } from './kqlValues';

type Implementation = (args: CompiledExpression[]) => Evaluate;

const num = (v: KqlValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// 1970-01-04 was a Sunday.
const SUNDAY_ORIGIN = 3 * MS_PER_DAY;

function startOfWeek(ms: number): number {
  return Math.floor((ms - SUNDAY_ORIGIN) / (7 * MS_PER_DAY)) * 7 * MS_PER_DAY + SUNDAY_ORIGIN;
}

function startOfMonth(ms: number, addMonths = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + addMonths, 1);
}

function startOfYear(ms: number, addYears = 0): number {
  return Date.UTC(new Date(ms).getUTCFullYear() + addYears, 0, 1);
}

// startof…(value[, offset]): the period's first instant; the offset moves by whole periods.
function startOf(start: (ms: number, offset: number) => number): Implementation {
  return (args) => (row) => {
    const value = num(args[0]!.evaluate(row));
    const offset = args[1] ? num(args[1].evaluate(row)) : 0;
    return value === null || offset === null ? null : start(value, offset);
  };
}

// endof…(value[, offset]): the period's last instant, one millisecond before the next period
// (Kusto's is one tick, 100 ns, before it; the emulator keeps milliseconds).
function endOf(nextStart: (ms: number, offset: number) => number): Implementation {
  const start = startOf(nextStart);
  return (args) => {
    const evaluate = start(args);
    return (row) => {
      const next = evaluate(row);
      return typeof next === 'number' ? next - 1 : null;
    };
  };
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month = Feb 28/29). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

const FIXED_PERIODS_MS: Readonly<Record<string, number>> = {
  week: 7 * MS_PER_DAY,
  day: MS_PER_DAY,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
  nanosecond: 0.000001,
};

/** datetime_add(period, amount, datetime). */
function datetimeAdd(period: string, amount: number, ms: number): number | null {
  const unit = period.toLowerCase();
  if (unit === 'year') return addMonths(ms, 12 * amount);
  if (unit === 'quarter') return addMonths(ms, 3 * amount);
  if (unit === 'month') return addMonths(ms, amount);
  const size = FIXED_PERIODS_MS[unit];
  return size === undefined ? null : ms + amount * size;
}

/** datetime_part(part, datetime): the part as an integer. */
function datetimePart(part: string, ms: number): number | null {
  const d = new Date(ms);
  switch (part.toLowerCase()) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'week_of_year':
    case 'weekofyear':
      return isoWeek(ms);
    case 'day':
      return d.getUTCDate();
    case 'dayofyear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
    case 'microsecond':
      return d.getUTCMilliseconds() * 1000;
    case 'nanosecond':
      return d.getUTCMilliseconds() * 1_000_000;
    default:
      return null;
  }
}

// ISO 8601 week number, which week_of_year follows.
function isoWeek(ms: number): number {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const firstThursday = new Date(thursday);
  const yearStart = Date.UTC(firstThursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / (7 * MS_PER_DAY)) + 1;
}

/**
 * format_timespan(timespan, format) with Kusto's specifiers: d…dddddddd (days), h/hh, H/HH,
 * m/mm, s/ss, f…fffffff (fractions; F… drops trailing zeros) and literal text; `:`, `.`, `/`,
 * `-` and spaces are kept, quoted text is copied.
 */
function formatTimespan(ms: number, format: string): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.abs(ms);
  const days = Math.floor(total / MS_PER_DAY);
  const hours = Math.floor((total % MS_PER_DAY) / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const ticks = Math.round((total % 1000) * 10_000); // 100 ns units, 7 digits
  let out = '';
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === "'" || ch === '"') {
      const close = format.indexOf(ch, i + 1);
      out += format.slice(i + 1, close < 0 ? undefined : close);
      i = close < 0 ? format.length : close + 1;
      continue;
    }
    let run = 1;
    while (format[i + run] === ch) run++;
    const pad = (value: number): string => String(value).padStart(run, '0');
    switch (ch) {
      case 'd':
        out += pad(days);
        break;
      case 'h':
      case 'H':
        out += pad(hours);
        break;
      case 'm':
        out += pad(minutes);
        break;
      case 's':
        out += pad(seconds);
        break;
      case 'f':
        out += String(ticks).padStart(7, '0').slice(0, run);
        break;
      case 'F':
        out += String(ticks).padStart(7, '0').slice(0, run).replace(/0+$/, '');
        break;
      default:
        out += ch.repeat(run);
    }
    i += run;
  }
  return sign + out;
}

const DATE_TIME_FUNCTIONS: Readonly<Record<string, Implementation>> = {
  // bin_at(value, size, fixed point): bins aligned so that the fixed point starts a bin.
  bin_at: (args) => (row) => {
    const [value, size, at] = args.map((arg) => num(arg.evaluate(row)));
    if (value == null || size == null || at == null || size <= 0) return null;
    return at + Math.floor((value - at) / size) * size;
  },
  datetime_add: (args) => (row) => {
    const [period, amount, value] = args.map((arg) => arg.evaluate(row));
    return typeof period === 'string' && num(amount) !== null && num(value) !== null ? datetimeAdd(period, Math.trunc(amount as number), value as number) : null;
  },
  datetime_part: (args) => (row) => {
    const [part, value] = args.map((arg) => arg.evaluate(row));
    return typeof part === 'string' && num(value) !== null ? datetimePart(part, value as number) : null;
  },
  startofweek: startOf((ms, n) => startOfWeek(ms) + n * 7 * MS_PER_DAY),
  endofweek: endOf((ms, n) => startOfWeek(ms) + (n + 1) * 7 * MS_PER_DAY),
  startofmonth: startOf((ms, n) => startOfMonth(ms, n)),
  endofmonth: endOf((ms, n) => startOfMonth(ms, n + 1)),
  startofyear: startOf((ms, n) => startOfYear(ms, n)),
  endofyear: endOf((ms, n) => startOfYear(ms, n + 1)),
  endofday: endOf((ms, n) => (Math.floor(ms / MS_PER_DAY) + n + 1) * MS_PER_DAY),
  dayofweek: (args) => (row) => {
    const value = num(args[0]!.evaluate(row));
    return value === null ? null : ((((value - SUNDAY_ORIGIN) % (7 * MS_PER_DAY)) + 7 * MS_PER_DAY) % (7 * MS_PER_DAY));
  },
  // make_datetime(year, month, day[, hour, minute, second]); seconds may be fractional.
  make_datetime: (args) => (row) => {
    const parts = args.map((arg) => num(arg.evaluate(row)));
    if (parts.some((part) => part === null)) return null;
    const [year, month, day, hour = 0, minute = 0, second = 0] = parts as number[];
    // setUTCFullYear, unlike Date.UTC, keeps years 1–99 as they are (Kusto's datetimes start at year 1).
    const date = new Date(0);
    date.setUTCFullYear(year!, month! - 1, day!);
    date.setUTCHours(hour, minute, 0, 0);
    return date.getTime() + second * 1000;
  },
  format_timespan: (args) => (row) => {
    const [value, format] = args.map((arg) => arg.evaluate(row));
    return num(value) === null || typeof format !== 'string' ? '' : formatTimespan(value as number, format);
  },
};

export { DATE_TIME_FUNCTIONS, datetimeAdd, datetimePart, formatTimespan };
