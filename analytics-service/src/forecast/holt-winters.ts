import { HOURS_PER_DAY as DAY, HOURS_PER_WEEK as WEEK, type FittedForecast, type ForecastMethod } from './forecast-method';

export interface HoltWintersParams {
  /** Smoothing of the level, the daily shape and the weekly shape (0 = never changes). */
  alpha: number;
  delta: number;
  omega: number;
}

/** Taylor's (2003) double seasonal exponential smoothing, additive: level + daily shape + weekly shape. */
export class HoltWinters implements ForecastMethod {
  readonly name = 'holt-winters' as const;
  readonly sentence = 'Exponential smoothing: a slowly updated level plus a daily and a weekly shape, each learned from recent weeks.';

  /**
   * @param windowWeeks history used (the last weeks only, so it adapts and stays cheap)
   * @param scoreWeeks the smoothing constants are the ones with the least day-ahead error over this many final weeks
   */
  constructor(
    private readonly windowWeeks = 8,
    private readonly scoreWeeks = 4,
    private readonly grid = { alpha: [0.01, 0.03, 0.1, 0.3], delta: [0, 0.1, 0.3], omega: [0, 0.1, 0.3] },
  ) {}

  fit(kwh: Float64Array, lastKnown: number, parametersUpTo = lastKnown): FittedForecast | null {
    const start = Math.max(0, parametersUpTo + 1 - this.windowWeeks * WEEK);
    if (parametersUpTo + 1 - start < 3 * WEEK) return null;
    const scoreFrom = Math.max(start + 2 * WEEK + DAY, parametersUpTo + 1 - this.scoreWeeks * WEEK);
    let best: { params: HoltWintersParams; error: number } | null = null;
    for (const alpha of this.grid.alpha)
      for (const delta of this.grid.delta)
        for (const omega of this.grid.omega) {
          const params = { alpha, delta, omega };
          const error = runFilter(kwh, start, parametersUpTo, params, scoreFrom).dayAheadError;
          if (!best || error < best.error) best = { params, error };
        }
    const states = runFilter(kwh, start, lastKnown, best!.params, lastKnown + 1);
    return {
      predict: (origin, target) => {
        const steps = target - origin;
        const dailyAt = target - DAY * Math.ceil(steps / DAY);
        const weeklyAt = target - WEEK * Math.ceil(steps / WEEK);
        return states.level[origin - start]! + states.daily[dailyAt - start]! + states.weekly[weeklyAt - start]!;
      },
    };
  }
}

interface FilterStates {
  level: Float64Array;
  daily: Float64Array;
  weekly: Float64Array;
  dayAheadError: number;
}

/**
 * Runs the filter over [start, lastKnown]. The first two weeks only initialise the shapes (their
 * components are the initial estimates); day-ahead absolute errors are summed for targets >= scoreFrom.
 */
function runFilter(kwh: Float64Array, start: number, lastKnown: number, p: HoltWintersParams, scoreFrom: number): FilterStates {
  const n = lastKnown + 1 - start;
  const level = new Float64Array(n);
  const daily = new Float64Array(n);
  const weekly = new Float64Array(n);
  initialise(kwh, start, level, daily, weekly);
  let l = level[2 * WEEK - 1]!;
  let errorSum = 0;
  let errorCount = 0;
  for (let i = 2 * WEEK; i < n; i++) {
    const d = daily[i - DAY]!;
    const w = weekly[i - WEEK]!;
    const observed = kwh[start + i]!;
    const y = Number.isNaN(observed) ? l + d + w : observed;
    const next = p.alpha * (y - d - w) + (1 - p.alpha) * l;
    daily[i] = p.delta * (y - next - w) + (1 - p.delta) * d;
    weekly[i] = p.omega * (y - next - d) + (1 - p.omega) * w;
    level[i] = l = next;
    // The day-ahead forecast made now for i + 24, scored when that hour is known.
    const target = i + DAY;
    if (start + target >= scoreFrom && target < n) {
      const actual = kwh[start + target]!;
      if (!Number.isNaN(actual)) {
        errorSum += Math.abs(l + daily[i]! + weekly[target - WEEK]! - actual);
        errorCount++;
      }
    }
  }
  return { level, daily, weekly, dayAheadError: errorCount > 0 ? errorSum / errorCount : Number.POSITIVE_INFINITY };
}

/** Level = mean of the first two weeks; daily shape = mean by hour of day; weekly = what the daily shape leaves. */
function initialise(kwh: Float64Array, start: number, level: Float64Array, daily: Float64Array, weekly: Float64Array): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < 2 * WEEK; i++) {
    const v = kwh[start + i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const at = (i: number) => {
    const v = kwh[start + i]!;
    return Number.isNaN(v) ? mean : v;
  };
  for (let h = 0; h < DAY; h++) {
    let s = 0;
    for (let i = h; i < 2 * WEEK; i += DAY) s += at(i);
    const shape = s / (2 * WEEK / DAY) - mean;
    for (let i = h; i < 2 * WEEK; i += DAY) daily[i] = shape;
  }
  for (let h = 0; h < WEEK; h++) {
    const shape = (at(h) + at(h + WEEK)) / 2 - mean - daily[h]!;
    weekly[h] = weekly[h + WEEK] = shape;
  }
  level.fill(mean, 0, 2 * WEEK);
}
