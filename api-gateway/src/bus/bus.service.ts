import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { filters, isTelemetryBatchTopic, parseTopic, TELEMETRY_BATCH_FILTER, type TopicKind } from '@energy/contracts';
import { BusPublisher, redactUrl, type Logger } from '@energy/service-kit';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/env';
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
  private bus: BusPublisher | null = null;
  private readonly handlers = new Map<TopicKind, Set<BusHandler>>();
  private readonly batchHandlers = new Set<(payload: Buffer) => void>();

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Connects in the background: the HTTP API serves history while the bus is down. */
  start(): void {
    if (this.bus) return;
    const { url, username, password } = this.config.mqtt;
    const bus = BusPublisher.start(
      {
        url,
        username,
        password,
        clientId: `gateway-${randomBytes(4).toString('hex')}`,
        publishTimeoutMs: PUBLISH_TIMEOUT_MS,
        // A reading posted over HTTP while the bus is down must fail now, not be replayed later.
        mqtt: { clean: true, queueQoSZero: false },
      },
      this.logger,
    );
    bus.client.on('connect', () => this.logger.info({ url: redactUrl(url) }, 'bus connected'));
    void bus.subscribe([TELEMETRY_BATCH_FILTER, filters.allAlerts, filters.allStatus, filters.allRelayStates], 0);
    bus.client.on('message', (topic, payload) => {
      if (isTelemetryBatchTopic(topic)) return this.dispatch(this.batchHandlers, topic, (handler) => handler(payload));
      const parsed = parseTopic(topic);
      if (!parsed) return;
      this.dispatch(this.handlers.get(parsed.kind), topic, (handler) => handler(parsed.deviceId, payload));
    });
    this.bus = bus;
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
    return this.bus?.connected ?? false;
  }

  private get disconnectedBecause(): string {
    return this.bus?.disconnectedBecause ?? 'not connected yet';
  }

  /** For /health: throws with the reason when the bus is not connected. */
  check(): void {
    if (!this.connected) throw new Error(this.disconnectedBecause);
  }

  /** Publishes at QoS 1 and resolves once the broker acknowledged it. */
  async publish(topic: string, payload: string | Buffer): Promise<void> {
    const bus = this.bus;
    if (!bus || !bus.connected) throw new BusUnavailableError(this.disconnectedBecause);
    try {
      await bus.publish(topic, payload, { qos: 1 });
    } catch (err) {
      throw new BusUnavailableError((err as Error).message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const bus = this.bus;
    this.bus = null;
    if (bus) await bus.close(true).catch(() => undefined);
  }
}
