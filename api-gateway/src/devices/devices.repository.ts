import { Inject, Injectable } from '@nestjs/common';
import { DevicesRepository as DeviceStore, type Database, type DeviceRecord } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export interface LastReadingRow {
  ts_ms: number;
  voltage_v: number;
  current_a: number;
  power_w: number;
  power_factor: number | null;
}

/**
 * Device reads for the device list. Provisioning goes through the shared DevicesRepository of
 * libs/db, the same table the broker's credential store reads.
 */
@Injectable()
export class DevicesRepository {
  readonly store: DeviceStore;

  constructor(@Inject(DATABASE) private readonly db: Database) {
    this.store = new DeviceStore(db);
  }

  list(): Promise<DeviceRecord[]> {
    return this.store.list();
  }

  find(id: string): Promise<DeviceRecord | null> {
    return this.store.find(id);
  }

  async lastReading(deviceId: string): Promise<LastReadingRow | null> {
    const [row] = await this.db.query<LastReadingRow>(
      'SELECT ts_ms, voltage_v, current_a, power_w, power_factor FROM readings WHERE device_id = ? ORDER BY ts_ms DESC LIMIT 1',
      [deviceId],
    );
    return row ?? null;
  }

  /** Wh per device for one site-local day, from the day rollup. */
  async energyOnDay(day: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ device_id: string; energy_wh: number }>('SELECT device_id, energy_wh FROM rollup_day WHERE day = ?', [day]);
    return new Map(rows.map((r) => [r.device_id, Number(r.energy_wh)]));
  }
}
