import { median } from 'simple-statistics';
import { HOURS_PER_DAY as DAY, HOURS_PER_WEEK as WEEK, recentLevel, seasonalLags, type FittedForecast, type ForecastMethod } from './forecast-method';
import { dot, leastAbsoluteDeviations } from './least-squares';

/**
 * A small regression: a weighted sum of this hour-of-week's usual value (median of 4 weeks), this
 * hour's value on recent days (median of 3 days) and the last 24 hours' level, with weights fitted to
 * the last 3 weeks by least absolute deviations.
 */
export class HourOfWeekRegression implements ForecastMethod {
  readonly name = 'hour-of-week-regression' as const;
  readonly sentence = "A weighted sum of this weekday-hour's usual value, this hour on recent days and the last day's level, weights fitted to 3 recent weeks.";

  constructor(private readonly trainDays = 21) {}

  fit(kwh: Float64Array, lastKnown: number, parametersUpTo = lastKnown): FittedForecast | null {
    const rows: number[][] = [];
    const actual: number[] = [];
    for (let target = parametersUpTo + 1 - this.trainDays * DAY; target <= parametersUpTo; target++) {
      if (target - DAY - 4 * WEEK < 0) continue;
      const y = kwh[target]!;
      const x = features(kwh, target - DAY, target);
      if (Number.isNaN(y) || x.some(Number.isNaN)) continue;
      rows.push(x);
      actual.push(y);
    }
    if (rows.length < 7 * DAY) return null;
    const beta = leastAbsoluteDeviations(rows, actual);
    return {
      predict: (origin, target) => {
        const x = features(kwh, origin, target);
        return x.some(Number.isNaN) ? Number.NaN : Math.max(0, dot(x, beta));
      },
    };
  }
}

function features(kwh: Float64Array, origin: number, target: number): number[] {
  const weeks = seasonalLags(kwh, origin, target, WEEK, 4, 5);
  const days = seasonalLags(kwh, origin, target, DAY, 3, 7);
  return [1, weeks.length > 0 ? median(weeks) : Number.NaN, days.length > 0 ? median(days) : Number.NaN, recentLevel(kwh, origin, DAY)];
}
