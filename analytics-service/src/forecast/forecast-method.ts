/**
 * A forecasting method over an hourly energy series (kWh per hour, NaN where unknown), indexed by
 * hour: index 0 is the series' first hour.
 */
export interface ForecastMethod {
  readonly name: ForecastMethodName;
  /** One sentence a user reads on screen to know where the number comes from. */
  readonly sentence: string;
  /**
   * Fits the method on hours up to and including `lastKnown` (nothing later is read). Its parameters
   * are chosen from hours up to `parametersUpTo` only, so a holdout after that hour stays unseen by
   * them. Null when the history is too short for this method.
   */
  fit(kwh: Float64Array, lastKnown: number, parametersUpTo?: number): FittedForecast | null;
}

export interface FittedForecast {
  /**
   * The forecast for hour `target` made with the data up to hour `origin` only
   * (origin <= the lastKnown the method was fitted at, target > origin).
   */
  predict(origin: number, target: number): number;
}

export type ForecastMethodName = 'seasonal-median' | 'holt-winters' | 'hour-of-week-regression';

export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 168;

/** The values at `target - k * period` (k = 1, 2, …) that are known at `origin`: the `count` most recent present ones, at most `maxBack` periods back. */
export function seasonalLags(kwh: Float64Array, origin: number, target: number, period: number, count: number, maxBack: number): number[] {
  const values: number[] = [];
  const firstK = Math.max(1, Math.ceil((target - origin) / period));
  for (let k = firstK; k < firstK + maxBack && values.length < count; k++) {
    const at = target - k * period;
    if (at < 0) break;
    const v = kwh[at]!;
    if (!Number.isNaN(v)) values.push(v);
  }
  return values;
}

/** Mean of the last `hours` known values up to `origin` (NaN if none). */
export function recentLevel(kwh: Float64Array, origin: number, hours: number): number {
  let sum = 0;
  let count = 0;
  for (let t = Math.max(0, origin - hours + 1); t <= origin; t++) {
    const v = kwh[t]!;
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : Number.NaN;
}
