import { quantile } from 'simple-statistics';
import { HOURS_PER_DAY, type FittedForecast, type ForecastMethod, type ForecastMethodName } from './forecast-method';
import { HoltWinters } from './holt-winters';
import { HourOfWeekRegression } from './hour-of-week-regression';
import { SeasonalMedian } from './seasonal-median';

/** The candidates, in order of preference on a tie (the simplest first). */
export const defaultMethods = (): ForecastMethod[] => [new SeasonalMedian(), new HoltWinters(), new HourOfWeekRegression()];

export interface ForecasterOptions {
  /** Days of day-ahead forecasts, just before the last known hour, on which the candidates are compared. */
  holdoutDays: number;
  /** The band's lower and upper quantiles of the holdout's day-ahead errors. */
  bandQuantiles: [low: number, high: number];
}

export const DEFAULT_FORECASTER_OPTIONS: ForecasterOptions = { holdoutDays: 14, bandQuantiles: [0.1, 0.9] };

export interface HourForecast {
  kwh: number;
  lowKwh: number;
  highKwh: number;
}

export interface Forecaster {
  method: ForecastMethod;
  /** Each candidate's mean absolute day-ahead error on the holdout (kWh per hour); Infinity where it could not run. */
  holdoutMaeKwh: Record<ForecastMethodName, number>;
  /** Added to the point forecast to give the band (kWh). */
  bandOffsetsKwh: [low: number, high: number];
  forecast(origin: number, target: number): HourForecast;
}

/**
 * Picks the forecasting method by measurement, again at every fit: each candidate forecasts the last
 * `holdoutDays` day-ahead with parameters chosen before that holdout (its state, e.g. the smoothed
 * level, follows the data to each forecast's origin); the one with the least mean absolute error is
 * used, as fitted, from the last known hour. The band is the chosen method's own holdout error
 * quantiles (10 % and 90 % by default), so it is as wide as the method has recently been wrong.
 */
export function fitForecaster(kwh: Float64Array, lastKnown: number, methods = defaultMethods(), options = DEFAULT_FORECASTER_OPTIONS): Forecaster | null {
  const holdoutStart = lastKnown + 1 - options.holdoutDays * HOURS_PER_DAY;
  const holdoutMaeKwh = {} as Record<ForecastMethodName, number>;
  let best: { method: ForecastMethod; fitted: FittedForecast; mae: number; errors: number[] } | null = null;
  for (const method of methods) {
    const fitted = holdoutStart > HOURS_PER_DAY ? method.fit(kwh, lastKnown, holdoutStart - 1) : null;
    const errors = fitted ? dayAheadErrors(kwh, fitted, holdoutStart, lastKnown) : [];
    const mae = errors.length >= HOURS_PER_DAY ? errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length : Number.POSITIVE_INFINITY;
    holdoutMaeKwh[method.name] = mae;
    if (fitted && mae < (best?.mae ?? Number.POSITIVE_INFINITY)) best = { method, fitted, mae, errors };
  }
  if (!best) return null;
  const { fitted } = best;
  const [low, high] = quantile(best.errors, options.bandQuantiles);
  return {
    method: best.method,
    holdoutMaeKwh,
    bandOffsetsKwh: [low, high],
    forecast: (origin, target) => {
      const kwhPoint = Math.max(0, fitted.predict(origin, target));
      return { kwh: kwhPoint, lowKwh: Math.max(0, kwhPoint + low), highKwh: Math.max(0, kwhPoint + high) };
    },
  };
}

/** actual − forecast for every known hour in [from, to], each forecast made 24 h before its hour. */
function dayAheadErrors(kwh: Float64Array, fitted: FittedForecast, from: number, to: number): number[] {
  const errors: number[] = [];
  for (let target = from; target <= to; target++) {
    const actual = kwh[target]!;
    if (Number.isNaN(actual)) continue;
    const predicted = fitted.predict(target - HOURS_PER_DAY, target);
    if (!Number.isNaN(predicted)) errors.push(actual - Math.max(0, predicted));
  }
  return errors;
}
