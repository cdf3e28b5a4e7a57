import type { Database } from '../../database';
import type { RollupColumns } from '../rollup-buckets';

const STATS = 'n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh';

/** Where the previous page of one device's raw readings ended. */
export interface RawCursor {
  tsMs: number;
  id: number;
}

/** One raw reading of the CSV export (the seed's `data` columns come from these). */
export interface ExportRawRow {
  id: number | string;
  ts_ms: number;
  voltage_v: number;
  current_a: number;
  power_w: number;
  device_id: string;
}

/** One rollup bucket of the CSV export. */
export interface ExportRollupRow extends RollupColumns {
  device_id: string;
  /** bucket_ms (minute, hour) or the day (YYYY-MM-DD). */
  bucket: number | string;
}

/**
 * Rows for the CSV export, one device at a time, in pages read by keyset (issue 16): each page is
 * one short query on the (device_id, time) key, so no connection (MySQL) and no open statement
 * (SQLite, whose single connection would refuse every write meanwhile) is held while the client's
 * socket is full.
 */
export class ExportPages {
  constructor(private readonly db: Database) {}

  /**
   * MariaDB reads `device_id = ? AND ts_ms >= ? ... ORDER BY ts_ms LIMIT n` by `ref` on the device
   * alone, filtering from the device's first row: each page would cost more than the one before
   * (a million-row export went from 10 ms to over a second per page). The hint makes it a range
   * scan that starts at the cursor. SQLite plans the range by itself.
   */
  private useIndex(index: string): string {
    return this.db.dialect === 'mysql' ? ` FORCE INDEX (${index})` : '';
  }

  /** Readings in [from, to) after `after` (exclusive), in (ts_ms, id) order. */
  rawPage(deviceId: string, fromMs: number, toMs: number, after: RawCursor | null, limit: number): Promise<ExportRawRow[]> {
    const columns = 'id, ts_ms, voltage_v, current_a, power_w, device_id';
    if (!after) {
      return this.db.query<ExportRawRow>(`SELECT ${columns} FROM readings${this.useIndex('ix_readings_device_ts')} WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, id LIMIT ?`, [deviceId, fromMs, toMs, limit]);
    }
    // `ts_ms >= ?` keeps the range on the index; the OR skips what the last page already had.
    return this.db.query<ExportRawRow>(
      `SELECT ${columns} FROM readings${this.useIndex('ix_readings_device_ts')}
       WHERE device_id = ? AND ts_ms >= ? AND (ts_ms > ? OR id > ?) AND ts_ms < ? ORDER BY ts_ms, id LIMIT ?`,
      [deviceId, after.tsMs, after.tsMs, after.id, toMs, limit],
    );
  }

  /** Minute or hour buckets in [from, to) after bucket `afterMs` (exclusive). */
  bucketPage(table: 'rollup_minute' | 'rollup_hour', deviceId: string, fromMs: number, toMs: number, afterMs: number | null, limit: number): Promise<ExportRollupRow[]> {
    return this.db.query<ExportRollupRow>(
      `SELECT device_id, bucket_ms AS bucket, ${STATS} FROM ${table}${this.useIndex('PRIMARY')}
       WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms LIMIT ?`,
      [deviceId, afterMs === null ? fromMs : afterMs + 1, toMs, limit],
    );
  }

  /** Site-local days in [fromDay, toDay] after `afterDay` (exclusive). */
  dayPage(deviceId: string, fromDay: string, toDay: string, afterDay: string | null, limit: number): Promise<ExportRollupRow[]> {
    return this.db.query<ExportRollupRow>(
      `SELECT device_id, day AS bucket, ${STATS} FROM rollup_day${this.useIndex('PRIMARY')}
       WHERE device_id = ? AND day ${afterDay === null ? '>=' : '>'} ? AND day <= ? ORDER BY day LIMIT ?`,
      [deviceId, afterDay ?? fromDay, toDay, limit],
    );
  }
}
