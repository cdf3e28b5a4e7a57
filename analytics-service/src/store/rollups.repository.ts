import type { Database } from '@energy/db';
import type { HourlySeries } from '../series/hourly-energy';
import { MIN_MINUTES_PER_HOUR } from '../series/hourly-energy';
import { HOUR_MS, MINUTE_MS, type MinuteSeries } from '../series/minute-series';

/**
 * Reads the ingest's rollups (read only). An hour's energy counts only when at least 45 of its
 * minutes have readings: an hour the device was mostly offline is unknown, never low consumption.
 */
export class RollupsRepository {
  constructor(private readonly db: Database) {}

  /** Devices with any reading since `sinceMs`. */
  async activeDevices(sinceMs: number): Promise<string[]> {
    const rows = await this.db.query<{ device_id: string }>('SELECT DISTINCT device_id FROM rollup_hour WHERE bucket_ms >= ? ORDER BY device_id', [sinceMs]);
    return rows.map((r) => r.device_id);
  }

  /** kWh per UTC hour over [fromMs, toMs) (whole hours), NaN where unknown. */
  async hourlyEnergy(deviceId: string, fromMs: number, toMs: number): Promise<HourlySeries> {
    const startMs = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
    const hours = Math.max(0, Math.ceil((toMs - startMs) / HOUR_MS));
    const kwh = new Float64Array(hours).fill(Number.NaN);
    const [energy, coverage] = await Promise.all([
      this.db.query<{ bucket_ms: number; energy_wh: number }>('SELECT bucket_ms, energy_wh FROM rollup_hour WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ?', [deviceId, startMs, toMs]),
      this.db.query<{ hour_ms: number; minutes: number }>(
        'SELECT FLOOR(bucket_ms / 3600000) * 3600000 AS hour_ms, COUNT(*) AS minutes FROM rollup_minute WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? GROUP BY FLOOR(bucket_ms / 3600000)',
        [deviceId, startMs, toMs],
      ),
    ]);
    const minutesIn = new Map(coverage.map((c) => [Number(c.hour_ms), Number(c.minutes)]));
    for (const row of energy) {
      const at = Math.round((Number(row.bucket_ms) - startMs) / HOUR_MS);
      const minutes = minutesIn.get(Number(row.bucket_ms)) ?? 0;
      // Energy of an hour with a few minutes missing is known exactly (the meter's counter), not scaled.
      if (at >= 0 && at < hours && minutes >= MIN_MINUTES_PER_HOUR) kwh[at] = Number(row.energy_wh) / 1000;
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
    const rows = this.db.stream<{ bucket_ms: number; n: number; p_sum: number; v_sum: number; i_sum: number }>(
      'SELECT bucket_ms, n, p_sum, v_sum, i_sum FROM rollup_minute WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms',
      [deviceId, startMs, toMs],
    );
    for await (const row of rows) {
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
  async energyWh(deviceId: string, fromMs: number, toMs: number): Promise<number> {
    const [row] = await this.db.query<{ wh: number | null }>('SELECT SUM(energy_wh) AS wh FROM rollup_hour WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ?', [deviceId, fromMs, toMs]);
    return Number(row?.wh ?? 0);
  }
}
