import { Module } from '@nestjs/common';
import { DeliveriesRepository } from './deliveries.repository';
import { NotificationService } from './notification.service';

@Module({ providers: [DeliveriesRepository, NotificationService], exports: [NotificationService] })
export class NotificationsModule {}
