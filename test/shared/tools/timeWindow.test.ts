import { formatIsoDuration, parseIsoDuration, resolveTimeWindow } from '../../../shared/tools/timeWindow';

describe('parseIsoDuration', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['PT15M', 900_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['P2W', 1_209_600_000],
    ['PT90S', 90_000],
    ['pt5m', 300_000],
  ])('reads %s', (text, ms) => {
    // Prepare / Act / Assess
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P', 'PT', '1h', 'PT0S', ''])('refuses %s', (text) => {
    // Prepare / Act / Assess
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('formatIsoDuration', () => {
  it('writes days, hours, minutes and seconds compactly', () => {
    // Prepare / Act / Assess
    expect(formatIsoDuration(129_600_000)).toBe('P1DT12H');
    expect(formatIsoDuration(900_000)).toBe('PT15M');
    expect(formatIsoDuration(604_800_000)).toBe('P7D');
  });
});

describe('resolveTimeWindow', () => {
  const now = new Date('2026-03-04T12:00:00Z');
  const limits = { defaultTimespan: 'PT1H', maxTimespan: 'P7D', now };

  it('uses the default timespan ending now', () => {
    // Prepare / Act
    const window = resolveTimeWindow({ ...limits });

    // Assess
    expect(window).toEqual({ start: new Date('2026-03-04T11:00:00Z'), end: now, duration: 'PT1H' });
  });

  it('ends at the given end and shortens a timespan over the cap', () => {
    // Prepare / Act
    const window = resolveTimeWindow({ ...limits, timespan: 'P30D', end: '2026-03-01T00:00:00Z' });

    // Assess
    expect(window).toEqual({
      start: new Date('2026-02-22T00:00:00Z'),
      end: new Date('2026-03-01T00:00:00Z'),
      duration: 'P7D',
      cappedFrom: 'P30D',
    });
  });

  it('explains a timespan or end it cannot read', () => {
    // Prepare / Act
    const badSpan = resolveTimeWindow({ ...limits, timespan: 'last hour' });
    const badEnd = resolveTimeWindow({ ...limits, end: 'yesterday' });
    const future = resolveTimeWindow({ ...limits, end: '2026-03-05T00:00:00Z' });

    // Assess
    expect(badSpan).toEqual({ error: expect.stringContaining("timespan 'last hour'") });
    expect(badEnd).toEqual({ error: expect.stringContaining("end 'yesterday'") });
    expect(future).toEqual({ error: expect.stringContaining('in the future') });
  });
});
