import type { Database } from '../../database';

/** A reading of the seed's legacy `/api/readings/latest` answer. */
export interface LatestReadingRow {
  ts_ms: number | string;
  voltage_v: number;
  current_a: number;
  power_w: number;
}

/** A device's newest reading, as the device list shows it (last seen, last values). */
export interface LastReadingRow {
  ts_ms: number;
  voltage_v: number;
  current_a: number;
  power_w: number;
  power_factor: number | null;
}

/** The newest stored readings: the legacy latest-readings answer and each device's last reading. */
export class NewestReadings {
  constructor(private readonly db: Database) {}

  /** The newest readings of one device or of all, newest first (the ts index makes this a short backwards scan). */
  latest(limit: number, deviceId?: string): Promise<LatestReadingRow[]> {
    const where = deviceId ? 'WHERE device_id = ?' : '';
    return this.db.query<LatestReadingRow>(
      `SELECT ts_ms, voltage_v, current_a, power_w FROM readings ${where} ORDER BY ts_ms DESC, id DESC LIMIT ?`,
      deviceId ? [deviceId, limit] : [limit],
    );
  }

  /** The device's newest reading, null before its first. */
  async lastOf(deviceId: string): Promise<LastReadingRow | null> {
    const [row] = await this.db.query<LastReadingRow>(
      'SELECT ts_ms, voltage_v, current_a, power_w, power_factor FROM readings WHERE device_id = ? ORDER BY ts_ms DESC LIMIT 1',
      [deviceId],
    );
    return row ?? null;
  }
}
