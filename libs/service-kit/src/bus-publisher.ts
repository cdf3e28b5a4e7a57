import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { RateLimitedLog, redactUrl } from './logger';

export interface BusPublisherOptions {
  url: string;
  username?: string;
  password?: string;
  /** Used as given: each service makes its own unique (or, for a persistent session, stable) id. */
  clientId: string;
  connectTimeoutMs?: number;
  /** A publish the broker has not acknowledged after this long rejects (none: wait for the reconnect). */
  publishTimeoutMs?: number;
  /** mqtt.js options passed through (`clean`, `queueQoSZero`, `log`...). */
  mqtt?: Pick<IClientOptions, 'clean' | 'queueQoSZero' | 'log'>;
}

export interface PublishOptions {
  qos?: 0 | 1;
  retain?: boolean;
}

export class BusPublishTimeoutError extends Error {
  constructor(topic: string, ms: number) {
    super(`publish to ${topic} not acknowledged within ${ms} ms`);
    this.name = 'BusPublishTimeoutError';
  }
}

/**
 * A service's own publishing connection, in plain mqtt.js: Nest's MQTT client wraps every payload in
 * a `{pattern, data}` envelope, which devices and third-party subscribers must not see. Subscribers
 * (the gateway's live topics, the analytics' telemetry) share the connection through `subscribe`.
 */
export class BusPublisher {
  private lastError = 'not connected yet';
  private readonly errorLog = new RateLimitedLog(30_000);
  private readonly beforeClose: Array<() => void | Promise<void>> = [];
  private readonly subscriptions: Array<{ filters: string[]; qos: 0 | 1 }> = [];

  private constructor(
    readonly client: MqttClient,
    private readonly options: BusPublisherOptions,
    private readonly logger: Logger,
  ) {
    client.on('connect', () => {
      this.lastError = '';
      for (const { filters, qos } of this.subscriptions) this.subscribeNow(filters, qos);
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      const suppressed = this.errorLog.allow(err.message);
      if (suppressed !== null) logger.warn({ err: err.message, url: redactUrl(options.url), suppressed }, 'bus connection error');
    });
    client.on('offline', () => {
      this.lastError ||= 'offline';
    });
  }

  /** Connects and resolves once the broker accepted the connection (rejects on the first error). */
  static async connect(options: BusPublisherOptions, logger: Logger): Promise<BusPublisher> {
    const publisher = BusPublisher.start(options, logger);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        publisher.client.off('connect', onConnect);
        publisher.client.end(true);
        reject(err);
      };
      const onConnect = () => {
        publisher.client.off('error', onError);
        resolve();
      };
      publisher.client.once('connect', onConnect);
      publisher.client.once('error', onError);
    });
    return publisher;
  }

  /** Connects in the background (mqtt.js retries every second): for a service that serves while the bus is down. */
  static start(options: BusPublisherOptions, logger: Logger): BusPublisher {
    const client = mqtt.connect(options.url, {
      username: options.username,
      password: options.password,
      clientId: options.clientId,
      reconnectPeriod: 1_000,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      ...options.mqtt,
    });
    return new BusPublisher(client, options, logger);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Why the connection is down ('' while connected), for /health. */
  get disconnectedBecause(): string {
    return this.connected ? '' : this.lastError || 'not connected';
  }

  /**
   * Subscribes now if connected (resolving on the broker's SUBACK) and again on every reconnect;
   * messages arrive through `client.on('message')`.
   */
  async subscribe(filters: string[], qos: 0 | 1): Promise<void> {
    this.subscriptions.push({ filters, qos });
    if (this.connected) await this.client.subscribeAsync(filters, { qos });
  }

  private subscribeNow(filters: string[], qos: 0 | 1): void {
    this.client.subscribe(filters, { qos }, (err) => {
      if (err) this.logger.error({ err: err.message, filters }, 'bus subscription failed');
    });
  }

  /** Publishes (a string or Buffer as is, anything else as JSON) and resolves once the broker acknowledged it. */
  async publish(topic: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
    const sent = this.client.publishAsync(topic, body, { qos: options.qos ?? 1, retain: options.retain ?? false });
    const timeoutMs = this.options.publishTimeoutMs;
    if (timeoutMs === undefined) {
      await sent;
    } else {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([sent, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new BusPublishTimeoutError(topic, timeoutMs)), timeoutMs)))]);
      } finally {
        clearTimeout(timer);
      }
    }
    this.logger.debug({ topic, retain: options.retain ?? false }, 'published');
  }

  /** QoS 0 without waiting: for the many small messages of a hot path (acks, telemetry), where a loss costs a re-send. */
  send(topic: string, payload: string | Buffer): void {
    this.client.publish(topic, payload, { qos: 0 });
  }

  /** Runs before the connection closes, e.g. to flush what a batcher still holds. */
  onClose(flush: () => void | Promise<void>): void {
    this.beforeClose.push(flush);
  }

  /** Flushes (see onClose), then disconnects; `force` drops what is still in flight instead of waiting for it. */
  async close(force = false): Promise<void> {
    for (const flush of this.beforeClose) await flush();
    await this.client.endAsync(force);
  }
}
