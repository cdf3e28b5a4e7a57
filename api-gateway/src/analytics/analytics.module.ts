import { Module } from '@nestjs/common';
import { AnalyticsServiceClient } from './analytics-service.client';
import { AnalyticsController } from './analytics.controller';

@Module({ controllers: [AnalyticsController], providers: [AnalyticsServiceClient] })
export class AnalyticsModule {}
