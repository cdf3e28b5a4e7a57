import { Module } from '@nestjs/common';
import { NotificationRecipientsRepository, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { DeliveriesRepository } from './deliveries.repository';
import { NotificationService } from './notification.service';
import { NotificationTestController } from './notification-test.controller';

@Module({
  controllers: [NotificationTestController],
  providers: [
    DeliveriesRepository,
    NotificationService,
    { provide: NotificationRecipientsRepository, useFactory: (db: Database) => new NotificationRecipientsRepository(db), inject: [DATABASE] },
  ],
  exports: [NotificationService],
})
export class NotificationsModule {}
