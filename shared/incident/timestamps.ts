import { z } from 'zod';

// ISO-8601 with any number of fraction digits (Azure sends 7) and an optional offset; a space
// separator covers ServiceNow's `YYYY-MM-DD HH:MM:SS`, which the Table API gives in UTC.
const ISO_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;
// Legacy log alerts (v1) format interval times in US locale: `3/22/2019 1:36:31 PM`, in UTC.
const US_PATTERN = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/i;

/**
 * Normalises a vendor timestamp to ISO-8601 UTC with milliseconds (`2026-03-04T09:17:42.553Z`).
 * Accepts ISO with 0-9 fraction digits and offsets, `YYYY-MM-DD HH:MM:SS` (UTC) and the US
 * `M/D/YYYY h:mm:ss AM|PM` format of legacy log alerts (UTC). Returns `undefined` when the
 * value is none of these or names an impossible date.
 *
 * @example
 * toIsoUtc('3/4/2026 6:16:00 AM'); // '2026-03-04T06:16:00.000Z'
 */
function toIsoUtc(value: string): string | undefined {
  const text = value.trim();
  const iso = ISO_PATTERN.exec(text);
  if (iso) {
    const [, date, time, fraction, zone] = iso;
    const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
    const seconds = time!.length === 5 ? `${time}:00` : time;
    const offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    return validDate(`${date}T${seconds}.${millis}${offset}`);
  }
  const us = US_PATTERN.exec(text);
  if (us) {
    const [, month, day, year, hour, minute, second, meridiem] = us;
    let hours = Number(hour) % 12;
    if (meridiem!.toUpperCase() === 'PM') hours += 12;
    const pad = (n: string | number): string => String(n).padStart(2, '0');
    return validDate(`${year}-${pad(month!)}-${pad(day!)}T${pad(hours)}:${minute}:${second}.000Z`);
  }
  return undefined;
}

function validDate(candidate: string): string | undefined {
  const date = new Date(candidate);
  if (Number.isNaN(date.getTime())) return undefined;
  // `new Date` rolls 2026-02-31 over to March; a round trip of the date part catches that.
  if (candidate.endsWith('Z') && date.toISOString().slice(0, 10) !== candidate.slice(0, 10)) return undefined;
  return date.toISOString();
}

/** A vendor timestamp string, parsed and normalised to ISO-8601 UTC by {@link toIsoUtc}. */
const VendorTimestampSchema = z.string().transform((value, ctx) => {
  const iso = toIsoUtc(value);
  if (iso === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a recognised timestamp: ${JSON.stringify(value.slice(0, 40))}` });
    return z.NEVER;
  }
  return iso;
});

export { toIsoUtc, VendorTimestampSchema };
