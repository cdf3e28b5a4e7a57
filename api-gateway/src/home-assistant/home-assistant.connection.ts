import { RateLimitedLog, redactUrl, type Logger } from '@energy/service-kit';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { GatewayConfig } from '../config/env';

export type RetainedHandler = (topic: string, payload: Buffer) => void;

/**
 * The Home Assistant component's own MQTT connection (service account `gateway`, client id
 * `gateway-ha-…`): it publishes the retained discovery configs and device states, and reads HA's birth
 * message and what is retained under our topics. Kept apart from the gateway's bus connection so the
 * live stream's subscriptions and the discovery's never interfere.
 */
export class HomeAssistantConnection {
  private client: MqttClient | null = null;
  private readonly errorLog = new RateLimitedLog(30_000);

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: Logger,
  ) {}

  start(filters: string[], onMessage: RetainedHandler, onConnect: () => void): void {
    if (this.client) return;
    const { url, username, password } = this.config.mqtt;
    const client = mqtt.connect(url, { username, password, clientId: `gateway-ha-${randomBytes(4).toString('hex')}`, clean: true, reconnectPeriod: 1_000, connectTimeout: 5_000, queueQoSZero: false });
    client.on('connect', () => {
      this.logger.info({ url: redactUrl(url) }, 'home assistant discovery connected');
      client.subscribe(filters, { qos: 0 }, (err) => {
        if (err) this.logger.error({ err: err.message, filters }, 'home assistant subscriptions refused');
        else onConnect();
      });
    });
    client.on('error', (err) => {
      const suppressed = this.errorLog.allow(err.message);
      if (suppressed !== null) this.logger.warn({ err: err.message, suppressed }, 'home assistant discovery connection error');
    });
    client.on('message', (topic, payload) => {
      try {
        onMessage(topic, payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'home assistant message handler failed');
      }
    });
    this.client = client;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Retained, QoS 1; resolves once the broker has it. */
  async publishRetained(topic: string, payload: string): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error('home assistant discovery is not connected');
    await client.publishAsync(topic, payload, { qos: 1, retain: true });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync(true).catch(() => undefined);
  }
}
