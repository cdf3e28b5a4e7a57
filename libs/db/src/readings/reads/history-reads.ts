import type { Database, SqlParam } from '../../database';
import type { RollupColumns } from '../rollup-buckets';

/** One aggregated bucket as the rollup tables store it: sums, extremes and the energy in it. */
export interface HistoryBucketRow extends RollupColumns {
  device_id: string;
  ts: number | string;
}

/** One raw reading as the history shows it. */
export interface HistoryRawRow {
  device_id: string;
  ts_ms: number;
  voltage_v: number;
  current_a: number;
  power_w: number;
  energy_delta_wh: number;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const AGGREGATES = `SUM(n) AS n, SUM(v_sum) AS v_sum, MIN(v_min) AS v_min, MAX(v_max) AS v_max,
  SUM(i_sum) AS i_sum, MIN(i_min) AS i_min, MAX(i_max) AS i_max,
  SUM(p_sum) AS p_sum, MIN(p_min) AS p_min, MAX(p_max) AS p_max, SUM(energy_wh) AS energy_wh`;

/**
 * History series reads. Every query is a range scan of a (device_id, time) key, bounded by the caller:
 * at most 20 devices, and a row count the resolution planner has capped. A rollup bucket inside an
 * outage can hold energy spread into it but no reading (n = 0): it has no statistics to show, so it
 * is not a point (its energy is in /energy).
 */
export class HistoryReads {
  constructor(private readonly db: Database) {}

  /** Raw readings of one device in [from, to), counting no further than `cap`. */
  async countRaw(deviceId: string, fromMs: number, toMs: number, cap: number): Promise<number> {
    const [row] = await this.db.query<{ c: number }>(
      'SELECT COUNT(*) AS c FROM (SELECT 1 FROM readings WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? LIMIT ?) capped',
      [deviceId, fromMs, toMs, cap],
    );
    return Number(row?.c ?? 0);
  }

  raw(deviceIds: readonly string[], fromMs: number, toMs: number): Promise<HistoryRawRow[]> {
    return this.db.query<HistoryRawRow>(
      `SELECT device_id, ts_ms, voltage_v, current_a, power_w, energy_delta_wh FROM readings
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND ts_ms >= ? AND ts_ms < ? ORDER BY device_id, ts_ms, id`,
      [...deviceIds, fromMs, toMs],
    );
  }

  /** Minute or hour rollup buckets starting in [from, to), merged into buckets of `bucketMs` (a multiple of the rollup's), that hold readings. */
  buckets(table: 'rollup_minute' | 'rollup_hour', deviceIds: readonly string[], fromMs: number, toMs: number, bucketMs: number): Promise<HistoryBucketRow[]> {
    // `x - x % size` floors for the non-negative epoch times stored here, in both dialects.
    const params: SqlParam[] = [bucketMs, ...deviceIds, fromMs, toMs];
    return this.db.query<HistoryBucketRow>(
      `SELECT device_id, bucket_ms - (bucket_ms % ?) AS ts, ${AGGREGATES} FROM ${table}
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND bucket_ms >= ? AND bucket_ms < ?
       GROUP BY device_id, ts HAVING SUM(n) > 0 ORDER BY device_id, ts`,
      params,
    );
  }

  /** Site-local day rollups for days fromDay..toDay inclusive (YYYY-MM-DD) that hold readings. */
  days(deviceIds: readonly string[], fromDay: string, toDay: string): Promise<HistoryBucketRow[]> {
    return this.db.query<HistoryBucketRow>(
      `SELECT device_id, day AS ts, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh FROM rollup_day
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND day >= ? AND day <= ? AND n > 0 ORDER BY device_id, day`,
      [...deviceIds, fromDay, toDay],
    );
  }
}
