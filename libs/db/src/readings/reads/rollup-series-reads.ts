import type { Database } from '../../database';

/** One minute bucket's count and sums: its means are the sums over n. */
export interface MinuteSumsRow {
  bucket_ms: number;
  n: number;
  p_sum: number;
  v_sum: number;
  i_sum: number;
}

/**
 * Per-device series from the UTC minute and hour rollups, as the analytics service models them
 * (the rows as stored: what counts as a known hour is the caller's rule).
 */
export class RollupSeriesReads {
  constructor(private readonly db: Database) {}

  /** Devices with an hour rollup since `sinceMs`, by id. */
  async devicesSince(sinceMs: number): Promise<string[]> {
    const rows = await this.db.query<{ device_id: string }>('SELECT DISTINCT device_id FROM rollup_hour WHERE bucket_ms >= ? ORDER BY device_id', [sinceMs]);
    return rows.map((r) => r.device_id);
  }

  /** Wh of each hour bucket starting in [fromMs, toMs), keyed by its start. */
  async hourEnergy(deviceId: string, fromMs: number, toMs: number): Promise<Map<number, number>> {
    const rows = await this.db.query<{ bucket_ms: number; energy_wh: number }>('SELECT bucket_ms, energy_wh FROM rollup_hour WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ?', [
      deviceId,
      fromMs,
      toMs,
    ]);
    return new Map(rows.map((r) => [Number(r.bucket_ms), Number(r.energy_wh)]));
  }

  /** How many minute buckets each UTC hour in [fromMs, toMs) has, keyed by the hour's start. */
  async minutesPerHour(deviceId: string, fromMs: number, toMs: number): Promise<Map<number, number>> {
    const rows = await this.db.query<{ hour_ms: number; minutes: number }>(
      'SELECT FLOOR(bucket_ms / 3600000) * 3600000 AS hour_ms, COUNT(*) AS minutes FROM rollup_minute WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? GROUP BY FLOOR(bucket_ms / 3600000)',
      [deviceId, fromMs, toMs],
    );
    return new Map(rows.map((c) => [Number(c.hour_ms), Number(c.minutes)]));
  }

  /** The minute buckets starting in [fromMs, toMs), in time order, streamed (a year is half a million rows). */
  minuteSums(deviceId: string, fromMs: number, toMs: number): AsyncIterable<MinuteSumsRow> {
    return this.db.stream<MinuteSumsRow>('SELECT bucket_ms, n, p_sum, v_sum, i_sum FROM rollup_minute WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms', [
      deviceId,
      fromMs,
      toMs,
    ]);
  }

  /** Wh stored in the hour buckets starting in [fromMs, toMs). */
  async hourEnergySum(deviceId: string, fromMs: number, toMs: number): Promise<number> {
    const [row] = await this.db.query<{ wh: number | null }>('SELECT SUM(energy_wh) AS wh FROM rollup_hour WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ?', [deviceId, fromMs, toMs]);
    return Number(row?.wh ?? 0);
  }
}
