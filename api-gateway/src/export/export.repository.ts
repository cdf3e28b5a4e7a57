import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '../database/database.module';
import type { RawCsvRow, RollupCsvRow } from './csv-format';

const STATS = 'n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh';

/**
 * Streams rows for the CSV export, one device at a time: a single-device range on the
 * (device_id, time) key comes out in order with no sort, so the first row leaves at once and
 * the driver streams the rest with bounded memory. (With `device_id IN (...)` MariaDB sorts
 * the whole result first.)
 */
@Injectable()
export class ExportRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  raw(deviceId: string, fromMs: number, toMs: number): AsyncIterable<RawCsvRow> {
    return this.db.stream<RawCsvRow>(
      `SELECT id, local_date, local_day, local_time, voltage_v, current_a, power_w, device_id FROM readings
       WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms, id`,
      [deviceId, fromMs, toMs],
    );
  }

  buckets(table: 'rollup_minute' | 'rollup_hour', deviceId: string, fromMs: number, toMs: number): AsyncIterable<RollupCsvRow> {
    return this.db.stream<RollupCsvRow>(
      `SELECT device_id, bucket_ms AS bucket, ${STATS} FROM ${table}
       WHERE device_id = ? AND bucket_ms >= ? AND bucket_ms < ? ORDER BY bucket_ms`,
      [deviceId, fromMs, toMs],
    );
  }

  days(deviceId: string, fromDay: string, toDay: string): AsyncIterable<RollupCsvRow> {
    return this.db.stream<RollupCsvRow>(
      `SELECT device_id, day AS bucket, ${STATS} FROM rollup_day
       WHERE device_id = ? AND day >= ? AND day <= ? ORDER BY day`,
      [deviceId, fromDay, toDay],
    );
  }
}
