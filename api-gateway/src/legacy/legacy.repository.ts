import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export interface LatestReadingRow {
  ts_ms: number | string;
  voltage_v: number;
  current_a: number;
  power_w: number;
}

@Injectable()
export class LegacyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The newest readings, newest first (the ts index makes this a short backwards scan). */
  async latest(limit: number, deviceId?: string): Promise<LatestReadingRow[]> {
    const where = deviceId ? 'WHERE device_id = ?' : '';
    return this.db.query<LatestReadingRow>(
      `SELECT ts_ms, voltage_v, current_a, power_w FROM readings ${where} ORDER BY ts_ms DESC, id DESC LIMIT ?`,
      deviceId ? [deviceId, limit] : [limit],
    );
  }
}
