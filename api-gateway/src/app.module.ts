import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { ServiceCoreModule } from '@energy/service-kit/nest';
import { AlertsModule } from './alerts/alerts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { BusModule } from './bus/bus.module';
import type { GatewayConfig } from './config/env';
import { DevicesModule } from './devices/devices.module';
import { EnergyModule } from './energy/energy.module';
import { ExportModule } from './export/export.module';
import { GatewayMetrics } from './health/gateway-metrics';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { HomeAssistantModule } from './home-assistant/home-assistant.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { LegacyModule } from './legacy/legacy.module';
import { LiveModule } from './live/live.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RulesModule } from './rules/rules.module';

export interface AppDependencies {
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Opened and migrated by the bootstrap (or handed in by a test or the stack runner). */
  database: Database;
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({ config: deps.config, logger: deps.logger, database: deps.database, providers: [{ provide: GatewayMetrics, useValue: deps.metrics }] }),
        BusModule,
        AuthModule,
        HealthModule,
        LegacyModule,
        DevicesModule,
        HistoryModule,
        LiveModule,
        EnergyModule,
        AlertsModule,
        RulesModule,
        AnalyticsModule,
        ExportModule,
        HomeAssistantModule,
        IntegrationsModule,
        NotificationsModule,
      ],
    };
  }
}
