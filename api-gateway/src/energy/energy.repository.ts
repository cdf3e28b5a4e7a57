import { Inject, Injectable } from '@nestjs/common';
import type { Database, SqlParam } from '@energy/db';
import { DATABASE } from '../database/database.module';

export interface HourEnergyRow {
  bucket_ms: number;
  wh: number;
}

@Injectable()
export class EnergyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Wh per UTC hour over [from, to), summed over the devices (null: every device). */
  async hourly(deviceIds: readonly string[] | null, fromMs: number, toMs: number): Promise<HourEnergyRow[]> {
    const filter = deviceIds ? `device_id IN (${deviceIds.map(() => '?').join(', ')}) AND ` : '';
    const params: SqlParam[] = [...(deviceIds ?? []), fromMs, toMs];
    const rows = await this.db.query<HourEnergyRow>(
      `SELECT bucket_ms, SUM(energy_wh) AS wh FROM rollup_hour WHERE ${filter}bucket_ms >= ? AND bucket_ms < ? GROUP BY bucket_ms ORDER BY bucket_ms`,
      params,
    );
    return rows.map((r) => ({ bucket_ms: Number(r.bucket_ms), wh: Number(r.wh) }));
  }
}
