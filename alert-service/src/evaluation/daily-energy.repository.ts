import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DayEnergyReads } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** Reads (never writes) the ingest's day rollup, through libs/db's read module. */
@Injectable()
export class DailyEnergyRepository {
  private readonly days: DayEnergyReads;

  constructor(@Inject(DATABASE) db: Database) {
    this.days = new DayEnergyReads(db);
  }

  /** Wh of the device on the site-local date (YYYY-MM-DD), 0 when it has none. */
  energyWh(deviceId: string, localDate: string): Promise<number> {
    return this.days.ofDevice(deviceId, localDate);
  }
}

/** `YYYY-MM-DD` in the site's time zone. */
export const localDate = (atMs: number, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(atMs));
