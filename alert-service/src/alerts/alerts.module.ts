import { Module } from '@nestjs/common';
import { AlertsStore, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { NotificationsModule } from '../notifications/notifications.module';
import { RulesModule } from '../rules/rules.module';
import { AlertEventsPublisher } from './alert-events.publisher';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({
  imports: [RulesModule, NotificationsModule],
  controllers: [AlertsController],
  providers: [{ provide: AlertsStore, useFactory: (db: Database) => new AlertsStore(db), inject: [DATABASE] }, AlertEventsPublisher, AlertsService],
  exports: [AlertsService],
})
export class AlertsModule {}
