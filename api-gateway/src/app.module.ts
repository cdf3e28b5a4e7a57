import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { AlertsModule } from './alerts/alerts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuthModule } from './auth/auth.module';
import { BusModule } from './bus/bus.module';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/env';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { EnergyModule } from './energy/energy.module';
import { ExportModule } from './export/export.module';
import type { GatewayMetrics } from './health/gateway-metrics';
import { HealthModule } from './health/health.module';
import { HistoryModule } from './history/history.module';
import { HomeAssistantModule } from './home-assistant/home-assistant.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { LegacyModule } from './legacy/legacy.module';
import { LiveModule } from './live/live.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RulesModule } from './rules/rules.module';
import { LOGGER, METRICS } from './tokens';

export interface AppDependencies {
  config: GatewayConfig;
  logger: Logger;
  metrics: GatewayMetrics;
  /** A database to use and leave open; by default the gateway opens (and closes) its own. */
  database?: Database;
}

/** Config, logger and metrics, available everywhere. */
@Global()
@Module({})
class CoreModule {
  static forRoot(deps: AppDependencies): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: METRICS, useValue: deps.metrics },
      ],
      exports: [GATEWAY_CONFIG, LOGGER, METRICS],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        DatabaseModule.forRoot(deps.database),
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
