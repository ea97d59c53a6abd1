/**
 * ISO 8601 durations and intervals as the Log Analytics (`timespan`) and metrics (`interval`)
 * APIs accept them: `PT1H`, `P1D`, `P1DT12H`, `start/end`, `start/duration`, `duration/end`.
 */

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration, or undefined when the text is not one. */
function parseIsoDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) return undefined;
  const [, w, d, h, m, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return Math.round(((((w! * 7 + d!) * 24 + h!) * 60 + m!) * 60 + s!) * 1000);
}

/** Formats milliseconds as the shortest ISO 8601 duration (`PT5M`, `PT1H`, `P1D`). */
function formatIsoDuration(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  const seconds = (rest - minutes * 60_000) / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : days ? '' : 'T0S'}`;
}

function parseInstant(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const value = Date.parse(text.trim());
  return Number.isNaN(value) ? undefined : new Date(value);
}

/**
 * Resolves a `timespan` value to [start, end]. A bare duration ends at `now`.
 * Returns undefined when the text is not a valid duration or interval.
 */
function parseIsoInterval(text: string, now: Date): { start: Date; end: Date } | undefined {
  const parts = text.split('/');
  if (parts.length === 1) {
    const ms = parseIsoDuration(parts[0]!);
    return ms === undefined ? undefined : { start: new Date(now.getTime() - ms), end: now };
  }
  if (parts.length !== 2) return undefined;
  const [left, right] = parts as [string, string];
  const leftInstant = parseInstant(left);
  const rightInstant = parseInstant(right);
  if (leftInstant && rightInstant) return leftInstant <= rightInstant ? { start: leftInstant, end: rightInstant } : undefined;
  if (leftInstant) {
    const ms = parseIsoDuration(right);
    return ms === undefined ? undefined : { start: leftInstant, end: new Date(leftInstant.getTime() + ms) };
  }
  if (rightInstant) {
    const ms = parseIsoDuration(left);
    return ms === undefined ? undefined : { start: new Date(rightInstant.getTime() - ms), end: rightInstant };
  }
  return undefined;
}

export { parseIsoDuration, formatIsoDuration, parseIsoInterval };
