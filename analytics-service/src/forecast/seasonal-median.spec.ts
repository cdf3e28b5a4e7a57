import { seasonalLags } from './forecast-method';
import { SeasonalMedian } from './seasonal-median';

describe(SeasonalMedian.name, () => {
  it('takes the median of this hour on the last 3 days and the last 2 same weekdays', () => {
    const kwh = new Float64Array(3 * 168).fill(1);
    const target = 2 * 168 + 30;
    // Days 1-3 back: 5, 6, 100 (one wild day); weeks 1-2 back: 2, 3 -> median of 2, 3, 5, 6, 100 is 5.
    kwh[target - 24] = 5;
    kwh[target - 48] = 6;
    kwh[target - 72] = 100;
    kwh[target - 168] = 2;
    kwh[target - 336] = 3;
    const fitted = new SeasonalMedian().fit(kwh, target - 24)!;
    expect(fitted.predict(target - 24, target)).toBe(5);
  });

  it('reads nothing after the origin: at 48 h ahead the latest day used is 2 days back', () => {
    const kwh = Float64Array.from({ length: 3 * 168 }, (_, t) => t);
    expect(seasonalLags(kwh, 400, 440, 24, 3, 7)).toEqual([392, 368, 344]);
    expect(seasonalLags(kwh, 400, 440, 168, 2, 4)).toEqual([272, 104]);
  });

  it('skips unknown hours and looks one more day back', () => {
    const kwh = Float64Array.from({ length: 200 }, (_, t) => t);
    kwh[176] = Number.NaN;
    expect(seasonalLags(kwh, 176, 200, 24, 3, 7)).toEqual([152, 128, 104]);
  });
});
