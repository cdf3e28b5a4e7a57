import { Inject, Injectable } from '@nestjs/common';
import { DevicesRepository as DeviceStore, type Database, type DeviceRecord } from '@energy/db';
import { DayEnergyReads, NewestReadings, type LastReadingRow } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/**
 * Device reads for the device list. Provisioning goes through the shared DevicesRepository of
 * libs/db, the same table the broker's credential store reads; last readings and the day's energy
 * through libs/db's readings read module.
 */
@Injectable()
export class DevicesRepository {
  readonly store: DeviceStore;
  private readonly newest: NewestReadings;
  private readonly days: DayEnergyReads;

  constructor(@Inject(DATABASE) db: Database) {
    this.store = new DeviceStore(db);
    this.newest = new NewestReadings(db);
    this.days = new DayEnergyReads(db);
  }

  list(): Promise<DeviceRecord[]> {
    return this.store.list();
  }

  find(id: string): Promise<DeviceRecord | null> {
    return this.store.find(id);
  }

  lastReading(deviceId: string): Promise<LastReadingRow | null> {
    return this.newest.lastOf(deviceId);
  }

  /** Wh per device for one site-local day, from the day rollup. */
  energyOnDay(day: string): Promise<Map<string, number>> {
    return this.days.onDay(day);
  }
}
