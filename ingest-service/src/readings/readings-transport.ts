import { ServerMqtt, type MqttOptions } from '@nestjs/microservices';
import type { MqttClient } from 'mqtt';

/**
 * The ingest's Nest transport: Nest's MQTT server with one subscription whose messages go straight to
 * the readings pipeline, topic and raw payload. Nest's own per-message dispatch would match the topic
 * against every pattern, decode and JSON-parse the payload (which would hide invalid UTF-8 and the
 * true size, and drop a payload with top-level `pattern` or `data` keys as its own envelope), and run
 * a context, pipes and an observable per message: about 8 % of the ingest's CPU at 10k readings/s,
 * for an event that needs no reply.
 */
export class ReadingsTransport extends ServerMqtt {
  private readonly subscribeOptions: { qos: 0 | 1 | 2 };

  constructor(
    // `log` is mqtt.js's own client option; Nest passes the options object through to mqtt.connect.
    options: Required<MqttOptions>['options'] & { subscribeOptions: { qos: 0 | 1 | 2 }; log?: (...args: unknown[]) => void },
    private readonly subscription: string,
    private readonly onReading: (topic: string, payload: Buffer) => Promise<void> | void,
  ) {
    super(options);
    this.subscribeOptions = options.subscribeOptions;
  }

  override bindEvents(client: MqttClient): void {
    client.on('message', (topic, payload) => void this.onReading(topic, payload));
    // Subscribed once; mqtt.js subscribes again after a reconnect, and a persistent session keeps it meanwhile.
    client.subscribe(this.subscription, this.subscribeOptions);
  }
}
