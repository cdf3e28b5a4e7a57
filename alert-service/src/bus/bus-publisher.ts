import { redactUrl, type Logger } from '@energy/service-kit';
import mqtt, { type MqttClient } from 'mqtt';

export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
}

/**
 * The service's own publishing connection. Nest's MQTT client wraps every payload in a
 * `{pattern, data}` envelope, which devices and third-party subscribers must not see, so alert
 * events and relay commands go out through plain mqtt.js.
 */
export class BusPublisher {
  private constructor(
    private readonly client: MqttClient,
    private readonly logger: Logger,
  ) {}

  static async connect(opts: { url: string; username: string; password?: string; clientId: string }, logger: Logger): Promise<BusPublisher> {
    const client = await mqtt.connectAsync(opts.url, {
      username: opts.username,
      password: opts.password,
      clientId: `${opts.clientId}-pub-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
      reconnectPeriod: 1_000,
      connectTimeout: 5_000,
    });
    client.on('error', (err) => logger.warn({ err: err.message, url: redactUrl(opts.url) }, 'publisher connection error'));
    return new BusPublisher(client, logger);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async publish(topic: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    await this.client.publishAsync(topic, body, { qos: options.qos ?? 1, retain: options.retain ?? false });
    this.logger.debug({ topic, retain: options.retain ?? false }, 'published');
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
