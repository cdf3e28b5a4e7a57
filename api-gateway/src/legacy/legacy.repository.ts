import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { NewestReadings, type LatestReadingRow } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** The seed's latest-readings answer, read through libs/db's read module. */
@Injectable()
export class LegacyRepository {
  private readonly readings: NewestReadings;

  constructor(@Inject(DATABASE) db: Database) {
    this.readings = new NewestReadings(db);
  }

  /** The newest readings, newest first. */
  latest(limit: number, deviceId?: string): Promise<LatestReadingRow[]> {
    return this.readings.latest(limit, deviceId);
  }
}
