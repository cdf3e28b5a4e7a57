import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@energy/db';
import { HistoryReads } from '@energy/db/readings';
import { DATABASE } from '@energy/service-kit/nest';

/** The history series reads of libs/db's read module, on the gateway's database. */
@Injectable()
export class HistoryRepository extends HistoryReads {
  constructor(@Inject(DATABASE) db: Database) {
    super(db);
  }
}
