import type { Database } from '@energy/db';
import type { StoredReading } from '../compare/readings-check';

export interface StoredAlert {
  id: number;
  deviceId: string;
  ruleId: number;
  raisedMs: number;
  clearedMs: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * What the system stored, read straight from the database: the checks are about the stored rows
 * themselves (none lost, none doubled), so they read them with SQL rather than through the API.
 */
export class StoredData {
  constructor(private readonly db: Database) {}

  /** Every reading of these devices; meter_boot / meter_wh when the schema has them. */
  async readings(deviceIds: string[]): Promise<StoredReading[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT * FROM readings WHERE device_id IN (${deviceIds.map(() => '?').join(', ')}) ORDER BY device_id, ts_ms`, deviceIds);
    return rows.map((r) => ({
      deviceId: String(r.device_id),
      seq: num(r.seq),
      tsMs: Number(r.ts_ms),
      ...('meter_boot' in r ? { meterBoot: num(r.meter_boot) } : {}),
      ...('meter_wh' in r ? { meterWh: num(r.meter_wh) } : {}),
    }));
  }

  /** Stored readings per device (the drain waits on this). */
  async countByDevice(deviceIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ device_id: string; n: number }>(`SELECT device_id, COUNT(*) AS n FROM readings WHERE device_id IN (${deviceIds.map(() => '?').join(', ')}) GROUP BY device_id`, deviceIds);
    return new Map(rows.map((r) => [r.device_id, Number(r.n)]));
  }

  /** rollup_hour energy per device, keyed by the hour's ISO start. */
  async hourlyWh(deviceId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ bucket_ms: number; energy_wh: number }>('SELECT bucket_ms, energy_wh FROM rollup_hour WHERE device_id = ?', [deviceId]);
    return new Map(rows.map((r) => [new Date(Number(r.bucket_ms)).toISOString(), Number(r.energy_wh)]));
  }

  /** rollup_day energy per device, keyed by the site-local date. */
  async dailyWh(deviceId: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ day: string; energy_wh: number }>('SELECT day, energy_wh FROM rollup_day WHERE device_id = ?', [deviceId]);
    return new Map(rows.map((r) => [String(r.day).slice(0, 10), Number(r.energy_wh)]));
  }

  async alerts(deviceIds: string[]): Promise<StoredAlert[]> {
    const rows = await this.db.query<Record<string, unknown>>(`SELECT id, device_id, rule_id, raised_ms, cleared_ms FROM alerts WHERE device_id IN (${deviceIds.map(() => '?').join(', ')}) ORDER BY id`, deviceIds);
    return rows.map((r) => ({ id: Number(r.id), deviceId: String(r.device_id), ruleId: Number(r.rule_id), raisedMs: Number(r.raised_ms), clearedMs: num(r.cleared_ms) }));
  }
}
