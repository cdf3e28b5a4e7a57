import type { Database } from '@energy/db';
import { RollupSeriesReads } from '@energy/db/readings';
import type { HourlySeries } from '../series/hourly-energy';
import { MIN_MINUTES_PER_HOUR } from '../series/hourly-energy';
import { HOUR_MS, MINUTE_MS, type MinuteSeries } from '../series/minute-series';

/**
 * The ingest's rollups as the analytics models them, read through libs/db's read module. An hour's
 * energy counts only when at least 45 of its minutes have readings: an hour the device was mostly
 * offline is unknown, never low consumption.
 */
export class RollupsRepository {
  private readonly rollups: RollupSeriesReads;

  constructor(db: Database) {
    this.rollups = new RollupSeriesReads(db);
  }

  /** Devices with any reading since `sinceMs`. */
  activeDevices(sinceMs: number): Promise<string[]> {
    return this.rollups.devicesSince(sinceMs);
  }

  /** kWh per UTC hour over [fromMs, toMs) (whole hours), NaN where unknown. */
  async hourlyEnergy(deviceId: string, fromMs: number, toMs: number): Promise<HourlySeries> {
    const startMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const hours = Math.max(0, Math.ceil((toMs - startMs) / HOUR_MS));
    const kwh = new Float64Array(hours).fill(Number.NaN);
    const [energy, minutesIn] = await Promise.all([this.rollups.hourEnergy(deviceId, startMs, toMs), this.rollups.minutesPerHour(deviceId, startMs, toMs)]);
    for (const [hourMs, wh] of energy) {
      const at = Math.round((hourMs - startMs) / HOUR_MS);
      const minutes = minutesIn.get(hourMs) ?? 0;
      // Energy of an hour with a few minutes missing is known exactly (the meter's counter), not scaled.
      if (at >= 0 && at < hours && minutes >= MIN_MINUTES_PER_HOUR) kwh[at] = wh / 1000;
    }
    return { startMs, kwh };
  }

  /** Mean power, voltage and current per minute over [fromMs, toMs), NaN where there was no reading. */
  async minutes(deviceId: string, fromMs: number, toMs: number): Promise<MinuteSeries> {
    const startMs = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
    const count = Math.max(0, Math.ceil((toMs - startMs) / MINUTE_MS));
    const series: MinuteSeries = {
      startMs,
      powerW: new Float64Array(count).fill(Number.NaN),
      voltageV: new Float64Array(count).fill(Number.NaN),
      currentA: new Float64Array(count).fill(Number.NaN),
    };
    for await (const row of this.rollups.minuteSums(deviceId, startMs, toMs)) {
      const at = Math.round((Number(row.bucket_ms) - startMs) / MINUTE_MS);
      const n = Number(row.n);
      if (at < 0 || at >= count || n <= 0) continue;
      series.powerW[at] = Number(row.p_sum) / n;
      series.voltageV[at] = Number(row.v_sum) / n;
      series.currentA[at] = Number(row.i_sum) / n;
    }
    return series;
  }

  /** Energy stored for [fromMs, toMs) in Wh (every hour bucket, however many minutes it has). */
  energyWh(deviceId: string, fromMs: number, toMs: number): Promise<number> {
    return this.rollups.hourEnergySum(deviceId, fromMs, toMs);
  }
}
