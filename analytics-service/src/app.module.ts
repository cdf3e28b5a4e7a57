import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import { BusPublisher, type Clock, type Logger } from '@energy/service-kit';
import { ServiceCoreModule } from '@energy/service-kit/nest';
import type { AnalyticsConfig } from './config/env';
import { AnalyticsMetrics } from './observability/metrics';
import { RecomputeScheduler } from './recompute/recompute-scheduler';
import { FindingsService } from './findings/findings.service';
import { ForecastsService } from './forecasts/forecasts.service';
import { AnalyticsController } from './http/analytics.controller';
import { HealthController } from './http/health.controller';
import { AnalyticsRequestsController } from './rpc/analytics-requests.controller';
import { SignaturesService } from './signatures/signatures.service';
import { RollupsRepository } from './store/rollups.repository';
import { SignatureNamesRepository } from './store/signature-names.repository';

/** What the bootstrap built before Nest starts: config, connections, clock, metrics. */
export interface AnalyticsDeps {
  config: AnalyticsConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
  bus: BusPublisher;
  metrics: AnalyticsMetrics;
}

@Module({})
export class AppModule {
  static register(deps: AnalyticsDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          config: deps.config,
          logger: deps.logger,
          database: deps.db,
          clock: deps.clock,
          providers: [
            { provide: BusPublisher, useValue: deps.bus },
            { provide: AnalyticsMetrics, useValue: deps.metrics },
          ],
        }),
      ],
      controllers: [AnalyticsController, HealthController, AnalyticsRequestsController],
      providers: [
        { provide: RollupsRepository, useValue: new RollupsRepository(deps.db) },
        { provide: SignatureNamesRepository, useValue: new SignatureNamesRepository(deps.db) },
        ForecastsService,
        FindingsService,
        SignaturesService,
        RecomputeScheduler,
      ],
    };
  }
}
