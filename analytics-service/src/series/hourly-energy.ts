import { HOUR_MS, MINUTE_MS, type MinuteSeries } from './minute-series';

/** Energy per UTC hour in kWh; NaN where the hour is not known well enough. */
export interface HourlySeries {
  /** UTC ms of the first hour (a whole hour). */
  startMs: number;
  kwh: Float64Array;
}

/** An hour counts when at least 45 of its 60 minutes are present (the dataset README's rule). */
export const MIN_MINUTES_PER_HOUR = 45;

/**
 * Sums minute power into UTC hours. A present minute contributes its mean power for one minute; an
 * hour with enough minutes is scaled up to 60 (its missing minutes are assumed average, not zero).
 */
export function hourlyEnergy(minutes: MinuteSeries): HourlySeries {
  const firstHour = Math.floor(minutes.startMs / HOUR_MS);
  const lastHour = Math.floor((minutes.startMs + (minutes.powerW.length - 1) * MINUTE_MS) / HOUR_MS);
  const hours = lastHour - firstHour + 1;
  const sumW = new Float64Array(hours);
  const count = new Uint16Array(hours);
  for (let i = 0; i < minutes.powerW.length; i++) {
    const p = minutes.powerW[i]!;
    if (Number.isNaN(p)) continue;
    const h = Math.floor((minutes.startMs + i * MINUTE_MS) / HOUR_MS) - firstHour;
    sumW[h]! += p;
    count[h]!++;
  }
  const kwh = new Float64Array(hours);
  for (let h = 0; h < hours; h++) kwh[h] = count[h]! >= MIN_MINUTES_PER_HOUR ? sumW[h]! / count[h]! / 1000 : Number.NaN;
  return { startMs: firstHour * HOUR_MS, kwh };
}

/** Hourly energy from stored hour rollups (Wh per UTC hour); absent hours are NaN. */
export function hourlyFromRollups(rows: ReadonlyArray<{ hourStartMs: number; energyWh: number }>, fromMs: number, toMs: number): HourlySeries {
  const startMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  const hours = Math.max(0, Math.ceil((toMs - startMs) / HOUR_MS));
  const kwh = new Float64Array(hours).fill(Number.NaN);
  for (const row of rows) {
    const h = Math.round((row.hourStartMs - startMs) / HOUR_MS);
    if (h >= 0 && h < hours) kwh[h] = row.energyWh / 1000;
  }
  return { startMs, kwh };
}

/** The lowest minute power of each UTC hour (W), NaN where the hour has fewer than 45 minutes. */
export function hourlyMinimumW(minutes: MinuteSeries): { startMs: number; minW: Float64Array } {
  const firstHour = Math.floor(minutes.startMs / HOUR_MS);
  const hours = Math.floor((minutes.startMs + (minutes.powerW.length - 1) * MINUTE_MS) / HOUR_MS) - firstHour + 1;
  const minW = new Float64Array(hours).fill(Number.POSITIVE_INFINITY);
  const count = new Uint16Array(hours);
  for (let i = 0; i < minutes.powerW.length; i++) {
    const p = minutes.powerW[i]!;
    if (Number.isNaN(p)) continue;
    const h = Math.floor((minutes.startMs + i * MINUTE_MS) / HOUR_MS) - firstHour;
    if (p < minW[h]!) minW[h] = p;
    count[h]!++;
  }
  for (let h = 0; h < hours; h++) if (count[h]! < MIN_MINUTES_PER_HOUR) minW[h] = Number.NaN;
  return { startMs: firstHour * HOUR_MS, minW };
}
