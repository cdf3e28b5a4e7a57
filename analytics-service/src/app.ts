import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Telemetry } from '@energy/contracts';
import { describeDatabase, migrate, openDatabase, type Database } from '@energy/db';
import { BusPublisher, createLogger, createMetricsRegistry, nestLoggerFrom, redactUrl, systemClock, type Clock, type Logger } from '@energy/service-kit';
import { AppModule } from './app.module';
import type { AnalyticsConfig } from './config/env';
import { feedTelemetry } from './bus/telemetry-feed';
import { AnalyticsMetrics } from './observability/metrics';
import { RecomputeScheduler } from './recompute/recompute-scheduler';
import { SignaturesService } from './signatures/signatures.service';

export interface AnalyticsServiceOverrides {
  logger?: Logger;
  clock?: Clock;
  /** Start without the hourly recomputation (tests call runNow themselves). */
  manualRecompute?: boolean;
}

export interface RunningAnalyticsService {
  app: NestExpressApplication;
  db: Database;
  url: string;
  port: number;
  scheduler: RecomputeScheduler;
  close(): Promise<void>;
}

/**
 * Starts the analytics service: database (migrated), bus connection, the HTTP API with OpenAPI at
 * /api/docs, /health and /metrics, then the hourly recomputation. Telemetry is routed to the
 * appliance monitors only once Nest has built them.
 */
export async function startAnalyticsService(config: AnalyticsConfig, overrides: AnalyticsServiceOverrides = {}): Promise<RunningAnalyticsService> {
  const logger = overrides.logger ?? createLogger('analytics-service', config.logLevel);
  const db = openDatabase(config.database);
  const closers: Array<() => Promise<unknown>> = [() => db.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: Error) => logger.error({ err: err.message }, 'close failed'));
  };
  try {
    await migrate(db);
    let onReadings: (readings: Telemetry[]) => void = () => undefined;
    const bus = await BusPublisher.connect(
      {
        ...config.mqtt,
        clientId: `${config.mqtt.clientId}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
        mqtt: { clean: true },
        // Rather than waiting for ever for the broker's ack.
        publishTimeoutMs: 5_000,
      },
      logger,
    );
    closers.push(() => bus.close());
    await feedTelemetry(bus, logger, (readings) => onReadings(readings));
    const metrics = new AnalyticsMetrics(createMetricsRegistry('analytics-service'));
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, db, logger, clock: overrides.clock ?? systemClock, bus, metrics }),
      { logger: nestLoggerFrom(logger), abortOnError: false },
    );
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('Smart energy monitor: analytics').setDescription('Forecasts, unusual consumption and appliance signatures. See docs/analytics.md.').setVersion('1').build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
    // The gateway's requests (svc/analytics/...) over the bus, as it asks the alert service.
    app.connectMicroservice<MicroserviceOptions>({
      transport: Transport.MQTT,
      options: {
        url: config.mqtt.url,
        username: config.mqtt.username,
        password: config.mqtt.password,
        clientId: `${config.mqtt.clientId}-rpc-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
        subscribeOptions: { qos: 1 },
        reconnectPeriod: 1_000,
      },
    });
    await app.startAllMicroservices();
    await app.listen(config.http.port, config.http.host);
    closers.push(() => app.close());
    const signatures = app.get(SignaturesService);
    onReadings = (readings) => signatures.onReadings(readings);
    const scheduler = app.get(RecomputeScheduler);
    if (!overrides.manualRecompute) scheduler.start();
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    logger.info({ mqtt: redactUrl(config.mqtt.url), database: describeDatabase(config.database), port, timeZone: config.siteTimeZone }, 'analytics service started');
    return { app, db, url: `http://${host}:${port}`, port, scheduler, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
