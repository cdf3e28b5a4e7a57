import { normalFrom, seededRandom } from '@energy/service-kit';
import type { MinuteSeries } from '../series/minute-series';

/** 2024-01-01 00:00 UTC, a Monday. */
export const MONDAY_MS = Date.UTC(2024, 0, 1);

/**
 * A house for specs, one value a minute from a Monday 00:00 UTC: 200 W always on, a fridge-like
 * 100 W cycling, 1.5 kW of activity 07:00-08:00 and 18:00-21:00, a little noise; voltage wanders
 * around 230 V and current follows power at power factor 0.95.
 */
export function syntheticMinutes(days: number, seed = 1): MinuteSeries {
  const random = seededRandom(seed);
  const n = days * 1440;
  const series: MinuteSeries = { startMs: MONDAY_MS, powerW: new Float64Array(n), voltageV: new Float64Array(n), currentA: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const minuteOfDay = i % 1440;
    const active = (minuteOfDay >= 420 && minuteOfDay < 480) || (minuteOfDay >= 1080 && minuteOfDay < 1260);
    const power = 200 + (i % 50 < 20 ? 100 : 0) + (active ? 1500 : 0) + 10 * normalFrom(random);
    setMinute(series, i, power, 230 + 2 * Math.sin(i / 300) + 0.5 * normalFrom(random));
  }
  return series;
}

export function setMinute(series: MinuteSeries, i: number, powerW: number, voltageV = series.voltageV[i]!): void {
  series.powerW[i] = powerW;
  series.voltageV[i] = voltageV;
  series.currentA[i] = powerW / voltageV / 0.95;
}

export const minuteOf = (day: number, hour: number, minute = 0): number => day * 1440 + hour * 60 + minute;
