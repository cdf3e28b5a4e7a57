import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { describeDatabase, migrate, NotificationRecipientsRepository, openDatabase, type Database } from '@energy/db';
import { BusPublisher, createLogger, nestLoggerFrom, redactText, createMetricsRegistry, redactUrl, startOpsServer, systemClock, type Clock, type Logger, type OpsServer } from '@energy/service-kit';
import { CallMeBotClient } from './callmebot/callmebot.client';
import { CallMeBotNotifier, type StoredKeyLookup } from './callmebot/callmebot.notifier';
import { StoredOrLogNotifier } from './callmebot/stored-or-log.notifier';
import type { AlertConfig } from './config/env';
import { AppModule } from './app.module';
import { deviceEventDeserializer } from './bus/device-event-deserializer';
import { AlertMetrics } from './observability/metrics';
import { LogNotifier } from './notifications/log.notifier';
import { NotificationService } from './notifications/notification.service';
import type { Notifier } from './shared/notifier';

export interface AlertServiceOverrides {
  logger?: Logger;
  clock?: Clock;
  /** CallMeBot's HTTP client; tests point CALLMEBOT_BASE_URL at a local server instead. */
  fetch?: typeof fetch;
}

export interface RunningAlertService {
  app: INestMicroservice;
  db: Database;
  opsPort: number;
  close(): Promise<void>;
}

/**
 * CallMeBot when a CALLMEBOT_* key is configured (stored recipients' keys are looked up at each send);
 * otherwise the log notifier until a recipient is stored from the dashboard, then CallMeBot, without a restart.
 */
export function createNotifier(config: AlertConfig, logger: Logger, fetchImpl?: typeof fetch, stored?: { count: () => Promise<number>; lookup: StoredKeyLookup }): Notifier {
  const { apiKey, recipientKeys, baseUrl } = config.callMeBot;
  if (!apiKey && recipientKeys.size === 0 && !stored) return new LogNotifier(logger);
  const callMeBot = new CallMeBotNotifier(new CallMeBotClient({ baseUrl, timeoutMs: config.delivery.timeoutMs, fetch: fetchImpl }), { apiKey, recipientKeys, stored: stored?.lookup });
  if (apiKey || recipientKeys.size > 0 || !stored) return callMeBot;
  return new StoredOrLogNotifier(callMeBot, new LogNotifier(logger), stored.count);
}

/**
 * Starts the alert service: database (migrated), publisher, the Nest MQTT microservice, and the ops
 * server. Open alerts and rules are loaded before the first subscription, so no event is judged
 * against an empty state.
 */
export async function startAlertService(config: AlertConfig, overrides: AlertServiceOverrides = {}): Promise<RunningAlertService> {
  const logger = overrides.logger ?? createLogger('alert-service', config.logLevel);
  const db = openDatabase(config.database);
  const closers: Array<() => Promise<unknown>> = [() => db.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: Error) => logger.error({ err: redactText(err.message) }, 'close failed'));
  };
  try {
    await migrate(db);
    const bus = await BusPublisher.connect(
      { ...config.mqtt, clientId: `${config.mqtt.clientId}-pub-${process.pid}-${Math.random().toString(16).slice(2, 8)}` },
      logger,
    );
    closers.push(() => bus.close());
    const registry = createMetricsRegistry('alert-service');
    const storedRecipients = new NotificationRecipientsRepository(db);
    const notifier = createNotifier(config, logger, overrides.fetch, {
      count: async () => (await storedRecipients.list()).length,
      lookup: async (phone) => (await storedRecipients.withKeys()).find((r) => r.phone === phone)?.apiKey,
    });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(
      AppModule.register({ config, db, logger, clock: overrides.clock ?? systemClock, bus, metrics: new AlertMetrics(registry), notifier }),
      {
        transport: Transport.MQTT,
        options: {
          url: config.mqtt.url,
          username: config.mqtt.username,
          password: config.mqtt.password,
          clientId: config.mqtt.clientId,
          subscribeOptions: { qos: 1 },
          reconnectPeriod: 1_000,
          deserializer: deviceEventDeserializer,
        },
        logger: nestLoggerFrom(logger),
      },
    );
    let busStatus = 'connecting';
    app.status.subscribe((status) => (busStatus = String(status)));
    await app.listen();
    closers.push(async () => {
      await app.close();
      await app.get(NotificationService).drain(5_000);
    });
    const ops: OpsServer = await startOpsServer({
      port: config.http.port,
      host: config.http.host,
      registry,
      checks: {
        database: () => db.ping(),
        bus: () => {
          if (!bus.connected || busStatus !== 'connected') throw new Error(`not connected to the broker (${busStatus})`);
        },
      },
    });
    closers.push(() => ops.close());
    logger.info(
      { mqtt: redactUrl(config.mqtt.url), database: describeDatabase(config.database), notifier: notifier.channel, opsPort: ops.port, timeZone: config.siteTimeZone },
      'alert service started',
    );
    return { app, db, opsPort: ops.port, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
