import { Module } from '@nestjs/common';
import { AlertsStore, DeliveriesStore, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({
  controllers: [AlertsController],
  providers: [
    AlertsService,
    { provide: AlertsStore, useFactory: (db: Database) => new AlertsStore(db), inject: [DATABASE] },
    { provide: DeliveriesStore, useFactory: (db: Database) => new DeliveriesStore(db), inject: [DATABASE] },
  ],
})
export class AlertsModule {}
