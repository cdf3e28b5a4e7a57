import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { RollupEnergyReads } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** The rollup energy sums of libs/db's read module, on the gateway's database. */
@Injectable()
export class EnergyRepository extends RollupEnergyReads {
  constructor(@Inject(DATABASE) db: Database) {
    super(db);
  }
}
