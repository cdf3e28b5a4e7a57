import { median } from 'simple-statistics';
import { HOURS_PER_DAY, HOURS_PER_WEEK, recentLevel, seasonalLags, type FittedForecast, type ForecastMethod } from './forecast-method';

/**
 * A robust blend of seasonal lags: the median of this hour on the 3 latest known days and on the same
 * weekday in the 2 latest known weeks. The days follow a change in the household quickly; the weeks
 * bring the weekday's own shape; the median ignores one or two unusual days among the five.
 */
export class SeasonalMedian implements ForecastMethod {
  readonly name = 'seasonal-median' as const;
  readonly sentence = 'The median of this hour on the last 3 days and on the same weekday of the last 2 weeks.';

  constructor(
    private readonly days = 3,
    private readonly weeks = 2,
  ) {}

  fit(kwh: Float64Array, lastKnown: number): FittedForecast | null {
    if (lastKnown < HOURS_PER_DAY) return null;
    return {
      predict: (origin, target) => {
        const values = [
          ...seasonalLags(kwh, origin, target, HOURS_PER_DAY, this.days, this.days + 4),
          ...seasonalLags(kwh, origin, target, HOURS_PER_WEEK, this.weeks, this.weeks + 2),
        ];
        return values.length > 0 ? median(values) : recentLevel(kwh, origin, HOURS_PER_DAY);
      },
    };
  }
}
