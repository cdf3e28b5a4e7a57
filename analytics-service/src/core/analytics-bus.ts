import { TELEMETRY_BATCH_FILTER, telemetryOfBatch, type Telemetry } from '@energy/contracts';
import { RateLimitedLog, redactUrl, type Logger } from '@energy/service-kit';
import mqtt, { type MqttClient } from 'mqtt';

const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * The service's MQTT connection: reads the ingest's internal telemetry stream (many readings per
 * message, each device in order) and publishes forecasts, findings and appliance runs. Plain mqtt.js,
 * as the gateway does: Nest's MQTT client would wrap payloads in its `{pattern, data}` envelope.
 */
export class AnalyticsBus {
  private readonly errorLog = new RateLimitedLog(30_000);

  private constructor(
    private readonly client: MqttClient,
    private readonly logger: Logger,
  ) {}

  static async connect(opts: { url: string; username: string; password?: string; clientId: string }, logger: Logger, onReadings: (readings: Telemetry[]) => void): Promise<AnalyticsBus> {
    const client = await mqtt.connectAsync(opts.url, {
      username: opts.username,
      password: opts.password,
      clientId: `${opts.clientId}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
      clean: true,
    });
    const bus = new AnalyticsBus(client, logger);
    client.on('error', (err) => {
      if (bus.errorLog.allow('error') !== null) logger.warn({ err: err.message, url: redactUrl(opts.url) }, 'bus connection error');
    });
    client.on('message', (_topic, payload) => {
      try {
        const readings = telemetryOfBatch(JSON.parse(payload.toString('utf8')));
        if (readings) onReadings(readings);
      } catch {
        if (bus.errorLog.allow('payload') !== null) logger.warn('ignored a telemetry message that is not JSON');
      }
    });
    // QoS 0: a lost reading costs one sample of the appliance monitor, never stored data.
    await client.subscribeAsync(TELEMETRY_BATCH_FILTER, { qos: 0 });
    return bus;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Publishes JSON; rejects after 5 s without the broker's ack rather than waiting for ever. */
  async publish(topic: string, payload: unknown, options: { retain?: boolean; qos?: 0 | 1 } = {}): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`publish to ${topic} not acknowledged within ${PUBLISH_TIMEOUT_MS} ms`)), PUBLISH_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.client.publishAsync(topic, JSON.stringify(payload), { qos: options.qos ?? 1, retain: options.retain ?? false }), timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.logger.debug({ topic }, 'published');
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
