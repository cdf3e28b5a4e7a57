import { Module } from '@nestjs/common';
import { DeliveriesStore, NotificationRecipientsRepository, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';
import { NotificationService } from './notification.service';
import { NotificationTestController } from './notification-test.controller';

@Module({
  controllers: [NotificationTestController],
  providers: [
    { provide: DeliveriesStore, useFactory: (db: Database) => new DeliveriesStore(db), inject: [DATABASE] },
    NotificationService,
    { provide: NotificationRecipientsRepository, useFactory: (db: Database) => new NotificationRecipientsRepository(db), inject: [DATABASE] },
  ],
  exports: [NotificationService],
})
export class NotificationsModule {}
