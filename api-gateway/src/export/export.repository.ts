import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { ExportPages } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** The CSV export's keyset pages of libs/db's read module, on the gateway's database. */
@Injectable()
export class ExportRepository extends ExportPages {
  constructor(@Inject(DATABASE) db: Database) {
    super(db);
  }
}
