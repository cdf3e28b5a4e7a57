import { baselines, type BaselineName } from '../forecast/baselines';
import { HOURS_PER_DAY, HOURS_PER_WEEK, type ForecastMethod, type ForecastMethodName } from '../forecast/forecast-method';
import { defaultMethods, fitForecaster } from '../forecast/forecaster';

export interface DayAheadScore {
  /** First hour scored (index into the series) and how many hours were scored. */
  fromHour: number;
  hours: number;
  /** Mean actual energy per scored hour (kWh), to read the errors against. */
  meanActualKwh: number;
  maeKwh: number;
  baselines: Record<BaselineName, number>;
  /** Share of actual hours inside the 10–90 % band. */
  bandCoverage: number;
  /** How often each method was the one chosen. */
  methodShare: Partial<Record<ForecastMethodName, number>>;
  /** Each candidate's day-ahead MAE over the same hours had it been the only one (filled when asked for). */
  candidateMaeKwh: Partial<Record<ForecastMethodName, number>>;
}

export interface DayAheadOptions {
  weeks?: number;
  methods?: () => ForecastMethod[];
  /** Also score each candidate alone (costs one more replay per candidate). */
  scoreCandidatesAlone?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Replays the series hour by hour over its last `weeks` weeks: for each hour, the forecaster is
 * fitted on the data up to 24 h before it (as the service would have been then, choosing its method
 * again) and its forecast for that hour is scored, next to the three baselines.
 */
export function scoreDayAhead(kwh: Float64Array, options: DayAheadOptions = {}): DayAheadScore {
  const methods = options.methods ?? defaultMethods;
  const from = Math.max(HOURS_PER_DAY, kwh.length - (options.weeks ?? 4) * HOURS_PER_WEEK);
  const replay = replayDayAhead(kwh, from, methods, options.onProgress);
  const candidateMaeKwh: DayAheadScore['candidateMaeKwh'] = {};
  if (options.scoreCandidatesAlone) {
    for (const method of methods()) candidateMaeKwh[method.name] = replayDayAhead(kwh, from, () => [method]).maeKwh;
  }
  const baselineScores = {} as Record<BaselineName, number>;
  for (const name of Object.keys(baselines) as BaselineName[]) {
    baselineScores[name] = meanAbsoluteError(kwh, from, (target) => baselines[name](kwh, target));
  }
  return { fromHour: from, ...replay, baselines: baselineScores, candidateMaeKwh };
}

function replayDayAhead(kwh: Float64Array, from: number, methods: () => ForecastMethod[], onProgress?: (done: number, total: number) => void) {
  let hours = 0;
  let errorSum = 0;
  let actualSum = 0;
  let inside = 0;
  const methodCounts: Partial<Record<ForecastMethodName, number>> = {};
  for (let target = from; target < kwh.length; target++) {
    onProgress?.(target - from, kwh.length - from);
    const actual = kwh[target]!;
    if (Number.isNaN(actual)) continue;
    const origin = target - HOURS_PER_DAY;
    const forecaster = fitForecaster(kwh, origin, methods());
    if (!forecaster) continue;
    const f = forecaster.forecast(origin, target);
    hours++;
    errorSum += Math.abs(f.kwh - actual);
    actualSum += actual;
    if (actual >= f.lowKwh && actual <= f.highKwh) inside++;
    methodCounts[forecaster.method.name] = (methodCounts[forecaster.method.name] ?? 0) + 1;
  }
  onProgress?.(kwh.length - from, kwh.length - from);
  return {
    hours,
    meanActualKwh: hours > 0 ? actualSum / hours : Number.NaN,
    maeKwh: hours > 0 ? errorSum / hours : Number.NaN,
    bandCoverage: hours > 0 ? inside / hours : Number.NaN,
    methodShare: Object.fromEntries(Object.entries(methodCounts).map(([name, count]) => [name, count / hours])),
  };
}

/** Baselines are scored on every known hour they can forecast (the dataset README's rule). */
function meanAbsoluteError(kwh: Float64Array, from: number, predict: (target: number) => number): number {
  let sum = 0;
  let count = 0;
  for (let target = from; target < kwh.length; target++) {
    const actual = kwh[target]!;
    const predicted = predict(target);
    if (Number.isNaN(actual) || Number.isNaN(predicted)) continue;
    sum += Math.abs(predicted - actual);
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}
