/**
 * Parses an ISO 8601 duration (`PT1H`, `P7D`, `P1DT12H`, `PT30M`, `P2W`) into milliseconds.
 * Years and months are refused: their length depends on the calendar, and a telemetry window
 * that silently means 28 or 31 days is worse than an error the model can fix.
 *
 * @returns the duration in ms, or `undefined` when the text is not a supported positive duration.
 */
function parseIsoDuration(text: string): number | undefined {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim().toUpperCase());
  if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 604_800_000 +
    Number(days ?? 0) * 86_400_000 +
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Number(seconds ?? 0) * 1000;
  return ms > 0 ? ms : undefined;
}

/** Formats milliseconds as a compact ISO 8601 duration (`P1DT2H`, `PT15M`). */
function formatIsoDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}` || 'PT0S';
}

/** An absolute window a query covers. */
interface TimeWindow {
  start: Date;
  end: Date;
  /** The duration actually used (after capping), ISO 8601. */
  duration: string;
  /** Set when the requested duration was longer than the cap and was shortened to it. */
  cappedFrom?: string;
}

/** What the model asked for, and the limits from settings. */
interface TimeWindowRequest {
  /** ISO 8601 duration, e.g. `PT1H`; the default applies when absent. */
  timespan?: string | undefined;
  /** ISO 8601 end of the window; "now" when absent. */
  end?: string | undefined;
  defaultTimespan: string;
  maxTimespan: string;
  now: Date;
}

/**
 * Turns a relative request into an absolute window ending at `end` (or now). Durations over the
 * cap are shortened rather than refused, and the window says so, so the model sees what ran.
 *
 * @returns the window, or an error message for the model when the input cannot be read.
 */
function resolveTimeWindow(request: TimeWindowRequest): TimeWindow | { error: string } {
  const text = request.timespan ?? request.defaultTimespan;
  const requested = parseIsoDuration(text);
  if (requested === undefined) {
    return { error: `timespan '${text}' is not an ISO 8601 duration such as PT15M, PT1H, P1D or P1DT12H (years and months are not accepted)` };
  }
  const max = parseIsoDuration(request.maxTimespan) ?? requested;
  const end = request.end === undefined ? request.now : new Date(request.end);
  if (Number.isNaN(end.getTime())) return { error: `end '${request.end}' is not an ISO 8601 date-time` };
  if (end.getTime() > request.now.getTime() + 60_000) {
    return { error: `end ${end.toISOString()} is in the future (now is ${request.now.toISOString()})` };
  }
  const used = Math.min(requested, max);
  const window: TimeWindow = { start: new Date(end.getTime() - used), end, duration: formatIsoDuration(used) };
  if (used < requested) window.cappedFrom = text;
  return window;
}

export { parseIsoDuration, formatIsoDuration, resolveTimeWindow };
export type { TimeWindow, TimeWindowRequest };
