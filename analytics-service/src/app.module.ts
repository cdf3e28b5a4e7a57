import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import type { AnalyticsConfig } from './config/env';
import { AnalyticsBus } from './core/analytics-bus';
import { AnalyticsMetrics } from './core/metrics';
import { RecomputeScheduler } from './core/recompute-scheduler';
import { ANALYTICS_CONFIG, CLOCK, DATABASE, LOGGER, type Clock } from './core/tokens';
import { FindingsService } from './findings/findings.service';
import { ForecastsService } from './forecasts/forecasts.service';
import { AnalyticsController } from './http/analytics.controller';
import { HealthController } from './http/health.controller';
import { AnalyticsRequestsController } from './rpc/analytics-requests.controller';
import { SignaturesService } from './signatures/signatures.service';
import { RollupsRepository } from './store/rollups.repository';
import { SignatureNamesRepository } from './store/signature-names.repository';

/** What the bootstrap built before Nest starts: config, connections, clock, metrics. */
export interface CoreDeps {
  config: AnalyticsConfig;
  db: Database;
  logger: Logger;
  clock: Clock;
  bus: AnalyticsBus;
  metrics: AnalyticsMetrics;
}

@Global()
@Module({})
export class AppModule {
  static register(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      controllers: [AnalyticsController, HealthController, AnalyticsRequestsController],
      providers: [
        { provide: ANALYTICS_CONFIG, useValue: deps.config },
        { provide: DATABASE, useValue: deps.db },
        { provide: LOGGER, useValue: deps.logger },
        { provide: CLOCK, useValue: deps.clock },
        { provide: AnalyticsBus, useValue: deps.bus },
        { provide: AnalyticsMetrics, useValue: deps.metrics },
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
