import { syntheticHours } from '../testing/synthetic-hours';
import { fitForecaster } from './forecaster';
import type { FittedForecast, ForecastMethod } from './forecast-method';
import { SeasonalMedian } from './seasonal-median';

/** A method that always says the same number: a bad candidate the selection must reject. */
const constant = (value: number): ForecastMethod => ({
  name: 'hour-of-week-regression',
  sentence: 'constant',
  fit: (): FittedForecast => ({ predict: () => value }),
});

describe(fitForecaster.name, () => {
  const kwh = syntheticHours(8, { noiseKwh: 0.15, seed: 3 });
  const lastKnown = kwh.length - 1;

  it('chooses the candidate with the least day-ahead error on the holdout', () => {
    const forecaster = fitForecaster(kwh, lastKnown, [constant(1), new SeasonalMedian()])!;
    expect(forecaster.method.name).toBe('seasonal-median');
    expect(forecaster.holdoutMaeKwh['seasonal-median']).toBeLessThan(forecaster.holdoutMaeKwh['hour-of-week-regression']);
  });

  it("draws the band from the holdout's error quantiles, so about 80 % of later hours fall inside", () => {
    const longer = syntheticHours(12, { noiseKwh: 0.2, seed: 4 });
    let inside = 0;
    let total = 0;
    for (let target = 10 * 168; target < longer.length; target++) {
      const f = fitForecaster(longer, target - 24, [new SeasonalMedian()])!.forecast(target - 24, target);
      expect(f.lowKwh).toBeLessThanOrEqual(f.kwh);
      expect(f.highKwh).toBeGreaterThanOrEqual(f.kwh);
      if (longer[target]! >= f.lowKwh && longer[target]! <= f.highKwh) inside++;
      total++;
    }
    expect(inside / total).toBeGreaterThan(0.72);
    expect(inside / total).toBeLessThan(0.88);
  });

  it('returns null when no candidate has enough history', () => {
    expect(fitForecaster(kwh, 100)).toBeNull();
  });
});
