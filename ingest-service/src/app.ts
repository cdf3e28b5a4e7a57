import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { filters } from '@energy/contracts';
import { describeDatabase, migrate, openDatabase, writeSiteTimeZone } from '@energy/db';
import { createLogger, createMetricsRegistry, nestLoggerFrom, startOpsServer, type Logger } from '@energy/service-kit';
import { AppModule } from './app.module';
import { BusPublisher } from './bus/bus-publisher';
import { quietMqttLog } from './bus/quiet-mqtt-log';
import type { IngestConfig } from './config/env';
import { createIngestMetrics } from './ops/ingest-metrics';
import { DeviceRegistry } from './readings/device-registry';
import { ReadingsTransport } from './readings/readings-transport';
import { ReadingsService } from './readings/readings.service';
import { ReadingsRepository } from './readings/store';
import { scheduleRetention } from './retention/retention';

export interface IngestHandle {
  httpPort: number;
  readings: ReadingsService;
  /** Stops consuming, flushes the buffer (acking what lands), then closes everything. */
  close(): Promise<void>;
}

export interface IngestOverrides {
  /** Defaults to a pino logger at the configured level. */
  logger?: Logger;
}

/** The composition root: wires config, storage, bus and the Nest MQTT microservice. */
export async function startIngest(config: IngestConfig, overrides: IngestOverrides = {}): Promise<IngestHandle> {
  const logger = overrides.logger ?? createLogger('ingest', config.logLevel);
  const db = openDatabase(config.database);
  await migrate(db);
  // Rows carry no local date, weekday or time: the database computes them from the site's offsets.
  if (await writeSiteTimeZone(db, config.timeZone)) logger.info({ timeZone: config.timeZone }, 'site time zone offsets written');
  logger.info({ database: describeDatabase(config.database), timeZone: config.timeZone }, 'database ready');

  const registry = createMetricsRegistry('ingest');
  const metrics = createIngestMetrics(registry);
  const bus = await BusPublisher.connect(config.mqtt, { ...config.telemetry, maxBytes: config.maxPayloadBytes }, logger);

  const pattern = config.mqtt.shareGroup ? `$share/${config.mqtt.shareGroup}/${filters.allReadings}` : filters.allReadings;
  // The transport is built before Nest builds the readings service; no message arrives before listen().
  const consumer: { readings?: ReadingsService } = {};
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule.register({ config, db, logger, bus, metrics }), {
    strategy: new ReadingsTransport(
      {
        url: config.mqtt.url,
        username: config.mqtt.username,
        password: config.mqtt.password,
        clientId: config.mqtt.clientId,
        // A persistent session: QoS 1 readings published while we restart wait for us at the broker.
        clean: false,
        reconnectPeriod: 1_000,
        log: quietMqttLog,
        subscribeOptions: { qos: 1 },
      },
      pattern,
      (topic, payload) => consumer.readings!.handle(topic, payload),
    ),
    logger: nestLoggerFrom(logger),
  });
  const readings = app.get(ReadingsService);
  consumer.readings = readings;
  const devices = app.get(DeviceRegistry);
  const refreshTimer = setInterval(() => devices.refresh().catch((err) => logger.warn({ err: err.message }, 'device list refresh failed')), 30_000);
  refreshTimer.unref();
  const stopRetention = scheduleRetention(app.get(ReadingsRepository), config.retentionDays, logger);
  await app.listen();
  logger.info({ subscription: pattern, mqtt: config.mqtt.url }, 'consuming readings');

  const ops = await startOpsServer({
    port: config.httpPort,
    registry,
    checks: {
      database: () => db.ping(),
      bus: () => {
        if (!bus.connected) throw new Error('bus publisher disconnected');
      },
    },
  });

  return {
    httpPort: ops.port,
    readings,
    close: async () => {
      clearInterval(refreshTimer);
      stopRetention();
      await app.close();
      await readings.drain();
      await bus.close();
      await db.close();
      await ops.close();
    },
  };
}
