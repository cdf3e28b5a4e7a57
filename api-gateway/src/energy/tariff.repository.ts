import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import type { Tariff } from './tariff';

const CURRENT = 1;

interface TariffRow {
  currency: string;
  flat_rate_per_kwh: number;
  standing_charge_per_day: number;
  time_of_use: string;
}

/** The site's one current tariff (row id 1). */
@Injectable()
export class TariffRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async get(): Promise<Tariff | null> {
    const [row] = await this.db.query<TariffRow>('SELECT currency, flat_rate_per_kwh, standing_charge_per_day, time_of_use FROM tariffs WHERE id = ?', [CURRENT]);
    if (!row) return null;
    return {
      currency: row.currency,
      flatRatePerKwh: Number(row.flat_rate_per_kwh),
      standingChargePerDay: Number(row.standing_charge_per_day),
      timeOfUse: JSON.parse(row.time_of_use) as Tariff['timeOfUse'],
    };
  }

  async put(tariff: Tariff, updatedBy: string): Promise<void> {
    const { sql } = this.db;
    await this.db.execute(
      `INSERT INTO tariffs (id, currency, flat_rate_per_kwh, standing_charge_per_day, time_of_use, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ${sql.onConflictUpdate(['id'], Object.fromEntries(['currency', 'flat_rate_per_kwh', 'standing_charge_per_day', 'time_of_use', 'updated_ms', 'updated_by'].map((c) => [c, sql.incoming(c)])))}`,
      [CURRENT, tariff.currency, tariff.flatRatePerKwh, tariff.standingChargePerDay, JSON.stringify(tariff.timeOfUse), Date.now(), updatedBy],
    );
  }
}
