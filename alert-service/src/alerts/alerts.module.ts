import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RulesModule } from '../rules/rules.module';
import { AlertEventsPublisher } from './alert-events.publisher';
import { AlertsController } from './alerts.controller';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

@Module({
  imports: [RulesModule, NotificationsModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertEventsPublisher, AlertsService],
  exports: [AlertsService, AlertsRepository],
})
export class AlertsModule {}
