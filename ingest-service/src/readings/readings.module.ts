import { Module } from '@nestjs/common';
import { DevicesRepository, type Database } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { CONFIG, DATABASE, LOGGER } from '@energy/service-kit/nest';
import { BusPublisher } from '../bus/bus-publisher';
import type { IngestConfig } from '../config/env';
import { INGEST_METRICS, type IngestMetrics } from '../ops/ingest-metrics';
import { DeviceRegistry } from './device-registry';
import { ReadingsService } from './readings.service';
import { ReadingsRepository } from './store';

/**
 * The readings feature: the write model, the known devices (loaded before the first reading is taken)
 * and the pipeline that validates, batches, stores and acknowledges. Its classes stay free of Nest,
 * so the benches build them directly; this module only wires them.
 */
@Module({
  providers: [
    {
      provide: ReadingsRepository,
      inject: [CONFIG, DATABASE],
      useFactory: (config: IngestConfig, db: Database) => new ReadingsRepository(db, config.timeZone, { maxIntegrationGapMs: config.maxIntegrationGapMs }),
    },
    {
      provide: DeviceRegistry,
      inject: [DATABASE],
      useFactory: async (db: Database) => {
        const devices = new DeviceRegistry(new DevicesRepository(db));
        await devices.refresh();
        return devices;
      },
    },
    {
      provide: ReadingsService,
      inject: [CONFIG, ReadingsRepository, DeviceRegistry, BusPublisher, INGEST_METRICS, LOGGER],
      useFactory: (config: IngestConfig, repository: ReadingsRepository, devices: DeviceRegistry, bus: BusPublisher, metrics: IngestMetrics, logger: Logger) =>
        new ReadingsService(config, repository, devices, bus, metrics, logger),
    },
  ],
  exports: [ReadingsService, ReadingsRepository, DeviceRegistry],
})
export class ReadingsModule {}
