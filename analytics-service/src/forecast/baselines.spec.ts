import { baselines } from './baselines';

describe('baselines', () => {
  const kwh = Float64Array.from({ length: 5 * 168 }, (_, t) => t);
  const target = 4 * 168 + 10;

  it('reads last week, yesterday and the mean of the last 4 same weekday-hours', () => {
    expect(baselines.lastWeek(kwh, target)).toBe(target - 168);
    expect(baselines.yesterday(kwh, target)).toBe(target - 24);
    expect(baselines.mean4Weeks(kwh, target)).toBe(target - 420); // mean of t-168 … t-672
  });

  it('averages only the known weeks and is unknown before the data starts', () => {
    const gappy = kwh.slice();
    gappy[target - 336] = Number.NaN;
    expect(baselines.mean4Weeks(gappy, target)).toBeCloseTo((target - 168 + target - 504 + target - 672) / 3);
    expect(Number.isNaN(baselines.lastWeek(kwh, 100))).toBe(true);
  });
});
