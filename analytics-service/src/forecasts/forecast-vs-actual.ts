import type { ForecastVsActual } from '@energy/contracts';
import { HOURS_PER_DAY } from '../forecast/forecast-method';
import { fitForecaster } from '../forecast/forecaster';
import type { HourlySeries } from '../series/hourly-energy';

const round = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The last `hours` complete hours of `series`: for each, what the forecaster said 24 h before it and
 * what the hour actually used. The forecaster is fitted (method, parameters and band chosen) once
 * per day of targets, on the data up to the hour before that day starts, and each hour is predicted
 * from its own origin 24 h before it: the hourly service refits every hour, which this replay
 * approximates at a 24th of the cost (a week is 7 fits, not 168), never reading the day it scores.
 * An unknown hour is null on the actual side and is not scored; an hour with too little history
 * before it has no forecast.
 */
export function forecastVsActual(deviceId: string, series: HourlySeries, hours = 7 * HOURS_PER_DAY): ForecastVsActual {
  const n = series.kwh.length;
  const from = Math.max(0, n - hours);
  const columns = { actual_kwh: [] as Array<number | null>, forecast_kwh: [] as Array<number | null>, low_kwh: [] as Array<number | null>, high_kwh: [] as Array<number | null> };
  let scored = 0;
  let errorSum = 0;
  let inside = 0;
  let forecaster: ReturnType<typeof fitForecaster> = null;
  for (let target = from; target < n; target++) {
    const actual = series.kwh[target]!;
    const origin = target - HOURS_PER_DAY;
    if ((target - from) % HOURS_PER_DAY === 0) forecaster = target - 1 > HOURS_PER_DAY ? fitForecaster(series.kwh, target - 1) : null;
    const f = forecaster && origin > 0 ? forecaster.forecast(origin, target) : null;
    columns.actual_kwh.push(Number.isNaN(actual) ? null : round(actual));
    columns.forecast_kwh.push(f ? round(f.kwh) : null);
    columns.low_kwh.push(f ? round(f.lowKwh) : null);
    columns.high_kwh.push(f ? round(f.highKwh) : null);
    if (f && !Number.isNaN(actual)) {
      scored++;
      errorSum += Math.abs(f.kwh - actual);
      if (actual >= f.lowKwh && actual <= f.highKwh) inside++;
    }
  }
  return {
    device_id: deviceId,
    start_ms: series.startMs + from * 3_600_000,
    ...columns,
    mae_kwh: scored > 0 ? round(errorSum / scored) : null,
    band_coverage: scored > 0 ? round(inside / scored) : null,
  };
}
