import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '../database/database.module';
import type { RawCsvRow, RollupCsvRow } from './csv-format';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const STATS = 'n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh';

/**
 * Streams rows for the CSV export. Ordered by (device, time) so the (device_id, ts) keys deliver
 * rows in order without a sort, and the driver streams them with bounded memory.
 */
@Injectable()
export class ExportRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  raw(deviceIds: readonly string[], fromMs: number, toMs: number): AsyncIterable<RawCsvRow> {
    return this.db.stream<RawCsvRow>(
      `SELECT id, local_date, local_day, local_time, voltage_v, current_a, power_w, device_id FROM readings
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND ts_ms >= ? AND ts_ms < ? ORDER BY device_id, ts_ms, id`,
      [...deviceIds, fromMs, toMs],
    );
  }

  buckets(table: 'rollup_minute' | 'rollup_hour', deviceIds: readonly string[], fromMs: number, toMs: number): AsyncIterable<RollupCsvRow> {
    return this.db.stream<RollupCsvRow>(
      `SELECT device_id, bucket_ms AS bucket, ${STATS} FROM ${table}
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND bucket_ms >= ? AND bucket_ms < ? ORDER BY device_id, bucket_ms`,
      [...deviceIds, fromMs, toMs],
    );
  }

  days(deviceIds: readonly string[], fromDay: string, toDay: string): AsyncIterable<RollupCsvRow> {
    return this.db.stream<RollupCsvRow>(
      `SELECT device_id, day AS bucket, ${STATS} FROM rollup_day
       WHERE device_id IN (${placeholders(deviceIds.length)}) AND day >= ? AND day <= ? ORDER BY device_id, day`,
      [...deviceIds, fromDay, toDay],
    );
  }
}
