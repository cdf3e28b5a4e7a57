import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { filters, isTelemetryBatchTopic, parseTopic, TELEMETRY_BATCH_FILTER, type TopicKind } from '@energy/contracts';
import { RateLimitedLog, redactUrl, type Logger } from '@energy/service-kit';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { GatewayConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { BusUnavailableError } from '../errors/bus-unavailable.error';

export type BusHandler = (deviceId: string, payload: Buffer) => void;

const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * The gateway's one MQTT connection (service account `gateway`). It listens to the live topics the
 * dashboard streams and the device state the device list shows, and publishes readings that arrive
 * over HTTP so the ingest stores them through the same path as MQTT readings. Readings come from the
 * ingest's internal stream (`svc/{partition}/telemetry`, many per message), not `energy/{id}/telemetry`.
 */
@Injectable()
export class BusService implements OnApplicationShutdown {
  private client: MqttClient | null = null;
  private readonly handlers = new Map<TopicKind, Set<BusHandler>>();
  private readonly batchHandlers = new Set<(payload: Buffer) => void>();
  private lastError = 'not connected yet';
  private readonly errorLog = new RateLimitedLog(30_000);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Connects in the background: the HTTP API serves history while the bus is down. */
  start(): void {
    if (this.client) return;
    const { url, username, password } = this.config.mqtt;
    const client = mqtt.connect(url, {
      username,
      password,
      clientId: `gateway-${randomBytes(4).toString('hex')}`,
      clean: true,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
      // A reading posted over HTTP while the bus is down must fail now, not be replayed later.
      queueQoSZero: false,
    });
    client.on('connect', () => {
      this.lastError = '';
      this.logger.info({ url: redactUrl(url) }, 'bus connected');
      client.subscribe([TELEMETRY_BATCH_FILTER, filters.allAlerts, filters.allStatus, filters.allRelayStates], { qos: 0 }, (err) => {
        if (err) this.logger.error({ err }, 'bus subscription failed');
      });
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      const suppressed = this.errorLog.allow(err.message);
      if (suppressed !== null) this.logger.warn({ err: err.message, suppressed }, 'bus error');
    });
    client.on('offline', () => {
      this.lastError ||= 'offline';
    });
    client.on('message', (topic, payload) => {
      if (isTelemetryBatchTopic(topic)) return this.dispatch(this.batchHandlers, topic, (handler) => handler(payload));
      const parsed = parseTopic(topic);
      if (!parsed) return;
      this.dispatch(this.handlers.get(parsed.kind), topic, (handler) => handler(parsed.deviceId, payload));
    });
    this.client = client;
  }

  private dispatch<H>(handlers: Iterable<H> | undefined, topic: string, call: (handler: H) => void): void {
    for (const handler of handlers ?? []) {
      try {
        call(handler);
      } catch (err) {
        this.logger.error({ err, topic }, 'bus handler failed');
      }
    }
  }

  /** Batches of the ingest's internal telemetry stream (`{"readings":[Telemetry…]}`). */
  onTelemetryBatch(handler: (payload: Buffer) => void): () => void {
    this.batchHandlers.add(handler);
    return () => this.batchHandlers.delete(handler);
  }

  on(kind: TopicKind, handler: BusHandler): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** For /health: throws with the reason when the bus is not connected. */
  check(): void {
    if (!this.connected) throw new Error(this.lastError || 'not connected');
  }

  /** Publishes at QoS 1 and resolves once the broker acknowledged it. */
  async publish(topic: string, payload: string | Buffer): Promise<void> {
    const client = this.client;
    if (!client || !client.connected) throw new BusUnavailableError(this.lastError || 'not connected');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.publishAsync(topic, payload, { qos: 1 }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new BusUnavailableError(`no PUBACK within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      if (err instanceof BusUnavailableError) throw err;
      throw new BusUnavailableError((err as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true).catch(() => undefined);
  }
}
