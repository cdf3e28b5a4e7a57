import { Module, type DynamicModule } from '@nestjs/common';
import type { Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { ServiceCoreModule } from '@energy/service-kit/nest';
import { BusPublisher } from './bus/bus-publisher';
import type { IngestConfig } from './config/env';
import { INGEST_METRICS, type IngestMetrics } from './ops/ingest-metrics';
import { ReadingsModule } from './readings/readings.module';

/** What the bootstrap built before Nest starts: config, connections, metrics. */
export interface IngestDeps {
  config: IngestConfig;
  db: Database;
  logger: Logger;
  bus: BusPublisher;
  metrics: IngestMetrics;
}

@Module({})
export class AppModule {
  static register(deps: IngestDeps): DynamicModule {
    const core = ServiceCoreModule.forRoot({
      config: deps.config,
      logger: deps.logger,
      database: deps.db,
      providers: [
        { provide: BusPublisher, useValue: deps.bus },
        { provide: INGEST_METRICS, useValue: deps.metrics },
      ],
    });
    return { module: AppModule, imports: [core, ReadingsModule] };
  }
}
