import { reanchorJson, relativeOffsetMs, resolveInstant } from '../../../../devhost/logAnalytics/data/relativeTime';

const time = { anchor: new Date('2026-05-01T10:00:00.000Z'), shiftMs: 60_000 };

describe('Relative scenario times', () => {
  it('reads offsets with units and bare seconds', () => {
    // Act
    const offsets = ['@-15m', '@-1h30m', '@+2d', '@-905.25', '@0', '@-250ms'].map(relativeOffsetMs);

    // Assess
    expect(offsets).toEqual([-900_000, -5_400_000, 172_800_000, -905_250, 0, -250]);
  });

  it('shifts absolute instants, including seven fractional digits, by the anchor shift', () => {
    // Act
    const resolved = resolveInstant('2026-03-04T11:02:58.7710431Z', time);

    // Assess
    expect(resolved).toBe('2026-03-04T11:03:58.771Z');
  });

  it('re-anchors times inside JSON, also URL-encoded ones in links', () => {
    // Act
    const out = reanchorJson({ fired: '@-3m', link: 'https://x/q?timespan=2026-03-04T10%3a52%3a30.0000000Z%2f2026-03-04T11%3a02%3a30.0000000Z', text: 'not a time' }, time);

    // Assess
    expect(out).toEqual({ fired: '2026-05-01T09:57:00.000Z', link: 'https://x/q?timespan=2026-03-04T10%3a53%3a30.0000000Z%2f2026-03-04T11%3a03%3a30.0000000Z', text: 'not a time' });
  });
});
