import { spreadEnergy, type RollupTable } from './rollup-buckets';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

function spread(wh: number, fromMs: number, toMs: number, table: RollupTable, zone = 'UTC'): Array<[number | string, number]> {
  const out: Array<[number | string, number]> = [];
  spreadEnergy(wh, fromMs, toMs, table, zone, (bucket, part) => out.push([bucket, part]));
  return out;
}

describe(spreadEnergy.name, () => {
  it('puts a 1 s interval in its one bucket', () => {
    expect(spread(0.25, T0 + 5_000, T0 + 6_000, 'rollup_minute')).toEqual([[T0, 0.25]]);
  });

  it('puts an interval that ends on a bucket boundary in the bucket before it', () => {
    expect(spread(1, T0 - 10_000, T0, 'rollup_minute')).toEqual([[T0 - MINUTE_MS, 1]]);
    expect(spread(1, T0 - 10_000, T0, 'rollup_hour')).toEqual([[T0 - HOUR_MS, 1]]);
  });

  it('puts an empty interval in the bucket of its reading', () => {
    expect(spread(3, T0, T0, 'rollup_minute')).toEqual([[T0, 3]]);
  });

  it('splits in proportion to the time spent in each bucket, and the shares add up exactly', () => {
    const parts = spread(10, T0 + 30_000, T0 + 3 * MINUTE_MS, 'rollup_minute');
    expect(parts).toEqual([
      [T0, expect.closeTo(2, 12)],
      [T0 + MINUTE_MS, expect.closeTo(4, 12)],
      [T0 + 2 * MINUTE_MS, expect.closeTo(4, 12)],
    ]);
    const odd = spread(0.1, T0 + 7, T0 + 10 * HOUR_MS + 13, 'rollup_minute');
    expect(odd).toHaveLength(601);
    expect(odd.reduce((sum, [, wh]) => sum + wh, 0)).toBe(0.1);
  });

  it('splits over site-local days, also in a half-hour zone', () => {
    // Asia/Kolkata is UTC+05:30: its days start at 18:30 UTC.
    const midnight = Date.UTC(2026, 10, 27, 18, 30);
    expect(spread(3, midnight - HOUR_MS, midnight + 2 * HOUR_MS, 'rollup_day', 'Asia/Kolkata')).toEqual([
      ['2026-11-27', expect.closeTo(1, 12)],
      ['2026-11-28', expect.closeTo(2, 12)],
    ]);
    expect(spread(3, midnight - HOUR_MS, midnight, 'rollup_day', 'Asia/Kolkata')).toEqual([['2026-11-27', 3]]);
  });

  it('splits over the 25 hours of a day that leaves summer time', () => {
    // Europe/Berlin, 2026-10-25: 00:00 CEST is 22:00 UTC the day before, the next midnight (CET) 23:00 UTC.
    const parts = spread(27, Date.UTC(2026, 9, 24, 21), Date.UTC(2026, 9, 25, 24), 'rollup_day', 'Europe/Berlin');
    expect(parts).toEqual([
      ['2026-10-24', expect.closeTo(1, 12)],
      ['2026-10-25', expect.closeTo(25, 12)],
      ['2026-10-26', expect.closeTo(1, 12)],
    ]);
  });
});
