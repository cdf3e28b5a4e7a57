import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

/** Reads (never writes) the ingest's day rollup: `rollup_day.day` is the site-local date. */
@Injectable()
export class DailyEnergyRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async energyWh(deviceId: string, localDate: string): Promise<number> {
    const [row] = await this.db.query<{ energy_wh: number }>('SELECT energy_wh FROM rollup_day WHERE device_id = ? AND day = ?', [deviceId, localDate]);
    return row ? Number(row.energy_wh) : 0;
  }
}

/** `YYYY-MM-DD` in the site's time zone. */
export const localDate = (atMs: number, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(atMs));
