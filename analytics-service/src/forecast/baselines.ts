import { HOURS_PER_DAY, HOURS_PER_WEEK } from './forecast-method';

/** The three reference forecasts a method must beat, for hour `target` of an hourly kWh series (NaN if unknown). */
export const baselines = {
  /** Same hour last week (t − 168 h). */
  lastWeek: (kwh: Float64Array, target: number): number => valueAt(kwh, target - HOURS_PER_WEEK),
  /** Same hour yesterday (t − 24 h). */
  yesterday: (kwh: Float64Array, target: number): number => valueAt(kwh, target - HOURS_PER_DAY),
  /** Mean of the same weekday-hour over the last 4 weeks (the weeks that are known). */
  mean4Weeks: (kwh: Float64Array, target: number): number => {
    let sum = 0;
    let count = 0;
    for (let k = 1; k <= 4; k++) {
      const v = valueAt(kwh, target - k * HOURS_PER_WEEK);
      if (!Number.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count > 0 ? sum / count : Number.NaN;
  },
} as const;

export type BaselineName = keyof typeof baselines;

function valueAt(kwh: Float64Array, at: number): number {
  return at >= 0 && at < kwh.length ? kwh[at]! : Number.NaN;
}
