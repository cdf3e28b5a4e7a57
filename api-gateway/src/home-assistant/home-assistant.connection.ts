import { BusPublisher, redactUrl, type Logger } from '@energy/service-kit';
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config/env';

export type RetainedHandler = (topic: string, payload: Buffer) => void;

/**
 * The Home Assistant component's own MQTT connection (service account `gateway`, client id
 * `gateway-ha-…`): it publishes the retained discovery configs and device states, and reads HA's birth
 * message and what is retained under our topics. Kept apart from the gateway's bus connection so the
 * live stream's subscriptions and the discovery's never interfere.
 */
export class HomeAssistantConnection {
  private bus: BusPublisher | null = null;

  constructor(
    private readonly config: GatewayConfig,
    private readonly logger: Logger,
  ) {}

  start(filters: string[], onMessage: RetainedHandler, onConnect: () => void): void {
    if (this.bus) return;
    const { url, username, password } = this.config.mqtt;
    const bus = BusPublisher.start({ url, username, password, clientId: `gateway-ha-${randomBytes(4).toString('hex')}`, mqtt: { clean: true, queueQoSZero: false } }, this.logger);
    bus.client.on('connect', () => {
      this.logger.info({ url: redactUrl(url) }, 'home assistant discovery connected');
      bus.client.subscribe(filters, { qos: 0 }, (err) => {
        if (err) this.logger.error({ err: err.message, filters }, 'home assistant subscriptions refused');
        else onConnect();
      });
    });
    bus.client.on('message', (topic, payload) => {
      try {
        onMessage(topic, payload);
      } catch (err) {
        this.logger.error({ err, topic }, 'home assistant message handler failed');
      }
    });
    this.bus = bus;
  }

  get connected(): boolean {
    return this.bus?.connected ?? false;
  }

  /** Retained, QoS 1; resolves once the broker has it. */
  async publishRetained(topic: string, payload: string): Promise<void> {
    const bus = this.bus;
    if (!bus?.connected) throw new Error('home assistant discovery is not connected');
    await bus.publish(topic, payload, { qos: 1, retain: true });
  }

  async close(): Promise<void> {
    const bus = this.bus;
    this.bus = null;
    if (bus) await bus.close(true).catch(() => undefined);
  }
}
