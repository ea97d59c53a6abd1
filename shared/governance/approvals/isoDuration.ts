/**
 * Milliseconds of an ISO 8601 duration with days, hours, minutes and seconds (`P1D`, `PT1H`,
 * `PT15M`, `PT30S`, `P1DT2H`); `undefined` when the text is not one. Months and years are
 * refused: their length depends on the calendar.
 */
function parseIsoDuration(text: string): number | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, days, hours, minutes, seconds] = match;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return undefined;
  return Math.round(((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Number(seconds ?? 0) * 1000);
}

export { parseIsoDuration };
