import type { Database } from '../../database';

/** Devices per IN (...) list, so one query never binds thousands of values. */
const DEVICE_CHUNK = 500;

/** Energy from the site-local day rollup (`rollup_day.day` is the site-local date, YYYY-MM-DD). */
export class DayEnergyReads {
  constructor(private readonly db: Database) {}

  /** Wh per device on one day (devices without energy that day are absent). */
  async onDay(day: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ device_id: string; energy_wh: number }>('SELECT device_id, energy_wh FROM rollup_day WHERE day = ?', [day]);
    return new Map(rows.map((r) => [r.device_id, Number(r.energy_wh)]));
  }

  /** Wh of one device on one day, 0 when it has none. */
  async ofDevice(deviceId: string, day: string): Promise<number> {
    const [row] = await this.db.query<{ energy_wh: number }>('SELECT energy_wh FROM rollup_day WHERE device_id = ? AND day = ?', [deviceId, day]);
    return row ? Number(row.energy_wh) : 0;
  }

  /**
   * Wh booked per device over its whole life: the sum of its day rollups (the primary key's prefix, a
   * few hundred rows a year). The ingest only ever adds to them (a late reading re-splits energy between
   * buckets without changing the total), so this never steps back after a power cut or a device reset.
   * Devices without any rollup are absent.
   */
  async lifetime(deviceIds: readonly string[]): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (let i = 0; i < deviceIds.length; i += DEVICE_CHUNK) {
      const ids = deviceIds.slice(i, i + DEVICE_CHUNK);
      const rows = await this.db.query<{ device_id: string; wh: number | null }>(
        `SELECT device_id, SUM(energy_wh) AS wh FROM rollup_day WHERE device_id IN (${ids.map(() => '?').join(', ')}) GROUP BY device_id`,
        ids,
      );
      for (const row of rows) totals.set(row.device_id, Number(row.wh ?? 0));
    }
    return totals;
  }
}
