import { CronExpressionParser } from 'cron-parser';

/** A task's schedule: standard 5-field cron in an IANA time zone, minute resolution. */
interface CronSchedule {
  /** The first slot strictly after `after`. */
  next(after: Date): Date;
  /** The latest slot in `(from, to]`, or undefined when none falls in it. */
  latestIn(from: Date, to: Date): Date | undefined;
  /** How many slots fall in `(from, to]`, counting up to `limit` (missed-slot reporting). */
  countIn(from: Date, to: Date, limit?: number): number;
}

/**
 * Parses a task schedule: exactly five fields (`minute hour day-of-month month day-of-week`),
 * as Azure SRE Agent and crontab write them. Six fields (the Functions NCRONTAB with seconds)
 * are refused with a message saying so: the scheduler ticks once a minute.
 */
function parseCronSchedule(expression: string, timeZone: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(
      `cron "${expression}" must have 5 fields (minute hour day month weekday), found ${fields.length}${fields.length === 6 ? ' (seconds are not supported: tasks run at minute resolution)' : ''}`,
    );
  }
  const parse = (currentDate: Date, endDate?: Date): ReturnType<typeof CronExpressionParser.parse> =>
    CronExpressionParser.parse(expression, { currentDate, ...(endDate ? { endDate } : {}), tz: timeZone });
  parse(new Date(0));
  return {
    next: (after) => parse(after).next().toDate(),
    latestIn(from, to) {
      if (to <= from) return undefined;
      // prev() is strictly before currentDate: one millisecond past `to` makes `to` itself a candidate.
      const latest = parse(new Date(to.getTime() + 1)).prev().toDate();
      return latest > from ? latest : undefined;
    },
    countIn(from, to, limit = 1000) {
      if (to <= from) return 0;
      const iterator = parse(from, to);
      let count = 0;
      while (count < limit && iterator.hasNext()) {
        iterator.next();
        count++;
      }
      return count;
    },
  };
}

/** `yyyyMMddHHmm` of a slot in UTC: the slot part of a run's instance id. */
function slotKey(slot: Date): string {
  return slot.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

export { parseCronSchedule, slotKey };
export type { CronSchedule };
