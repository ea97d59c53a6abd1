import { parseCronSchedule, slotKey } from '../../../shared/scheduler/cronSchedule';

describe('parseCronSchedule', () => {
  const daily = parseCronSchedule('0 8 * * *', 'UTC');

  it('finds the latest slot of a window, including its end and excluding its start', () => {
    expect(daily.latestIn(new Date('2026-03-02T07:59:00Z'), new Date('2026-03-02T08:00:00Z'))?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(daily.latestIn(new Date('2026-03-02T08:00:00Z'), new Date('2026-03-02T08:01:00Z'))).toBeUndefined();
    expect(daily.latestIn(new Date('2026-03-02T08:01:00Z'), new Date('2026-03-02T08:00:00Z'))).toBeUndefined();
  });

  it('after downtime picks the latest slot and counts the missed ones', () => {
    const from = new Date('2026-03-01T07:00:00Z');
    const to = new Date('2026-03-04T09:00:00Z');
    expect(daily.latestIn(from, to)?.toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(daily.countIn(from, to)).toBe(4);
  });

  it('evaluates the schedule in the task time zone', () => {
    const amsterdam = parseCronSchedule('0 8 * * *', 'Europe/Amsterdam');
    expect(amsterdam.next(new Date('2026-03-02T00:00:00Z')).toISOString()).toBe('2026-03-02T07:00:00.000Z');
    expect(amsterdam.next(new Date('2026-07-02T00:00:00Z')).toISOString()).toBe('2026-07-02T06:00:00.000Z');
  });

  it('refuses anything but five fields', () => {
    expect(() => parseCronSchedule('0 8 * *', 'UTC')).toThrow(/5 fields/);
    expect(() => parseCronSchedule('0 0 8 * * *', 'UTC')).toThrow(/seconds are not supported/);
  });

  it('keys a slot by its UTC minute', () => {
    expect(slotKey(new Date('2026-03-02T08:00:00Z'))).toBe('202603020800');
  });
});
