import { HOUR_MS, MINUTE_MS, rollupReads } from './rollup-reads';

const at = (h: number, m = 0) => Date.UTC(2026, 10, 2, h, m);

describe(rollupReads.name, () => {
  it('reads whole hours from the hour rollup and the edges by the minute', () => {
    expect(rollupReads([{ from: at(10, 15), to: at(13, 40) }])).toEqual({
      hours: [{ from: at(11), to: at(13) }],
      minutes: [
        { from: at(10, 15), to: at(11) },
        { from: at(13), to: at(13, 40) },
      ],
    });
  });

  it('reads a span inside one hour by the minute', () => {
    expect(rollupReads([{ from: at(10, 15), to: at(10, 45) }])).toEqual({ hours: [], minutes: [{ from: at(10, 15), to: at(10, 45) }] });
  });

  it('reads the hour that two days share by the minute, once, and merges touching ranges', () => {
    // Asia/Kolkata: local midnight at 18:30Z
    const days = [
      { from: at(-5, -30), to: at(18, 30) },
      { from: at(18, 30), to: at(42, 30) },
    ];
    const reads = rollupReads(days);
    expect(reads.hours).toEqual([
      { from: at(-5), to: at(18) },
      { from: at(19), to: at(42) },
    ]);
    expect(reads.minutes).toEqual([
      { from: at(-5, -30), to: at(-5) },
      { from: at(18), to: at(19) },
      { from: at(42), to: at(42, 30) },
    ]);
    // every minute of the spans is covered exactly once
    let covered = 0;
    for (const r of reads.hours) covered += (r.to - r.from) / MINUTE_MS;
    for (const r of reads.minutes) covered += (r.to - r.from) / MINUTE_MS;
    expect(covered).toBe((at(42, 30) - at(-5, -30)) / MINUTE_MS);
  });

  it('merges whole-hour days into one hour range and skips empty spans', () => {
    const reads = rollupReads([
      { from: at(0), to: at(24) },
      { from: at(24), to: at(48) },
      { from: at(48), to: at(48) },
    ]);
    expect(reads).toEqual({ hours: [{ from: at(0), to: at(0) + 48 * HOUR_MS }], minutes: [] });
  });
});
