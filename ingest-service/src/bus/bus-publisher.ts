import mqtt, { type MqttClient } from 'mqtt';
import { encodeAck, topics, type RejectedMessage } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import { quietMqttLog } from './quiet-mqtt-log';
import { TelemetryStream, type TelemetryStreamOptions } from './telemetry-stream';

/** The ingest's outgoing messages. Its own connection, so replies never wait behind the consumer. */
export class BusPublisher {
  private readonly stream: TelemetryStream;

  private constructor(
    private readonly client: MqttClient,
    telemetry: TelemetryStreamOptions,
  ) {
    this.stream = new TelemetryStream(telemetry, (topic, payload) => this.client.publish(topic, payload, { qos: 0 }));
  }

  static async connect(
    opts: { url: string; username: string; password?: string; clientId: string },
    telemetry: TelemetryStreamOptions,
    logger: Logger,
  ): Promise<BusPublisher> {
    const client = mqtt.connect(opts.url, {
      username: opts.username,
      password: opts.password,
      clientId: `${opts.clientId}-pub`,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      log: quietMqttLog,
    });
    client.on('error', (err) => logger.warn({ err: err.message }, 'bus publisher error'));
    client.on('reconnect', () => logger.info('bus publisher reconnecting'));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return new BusPublisher(client, telemetry);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /**
   * QoS 0, like everything the ESP32 receives through PubSubClient: a lost ack costs only a re-send,
   * which is answered with the ack again, while QoS 1 would double the packets per reading.
   */
  ack(deviceId: string, seq: number): void {
    this.client.publish(topics.ack(deviceId), encodeAck(seq), { qos: 0 });
  }

  /** An accepted reading for live consumers: batched on `svc/{partition}/telemetry` (and per device when configured). */
  telemetry(r: NewReading): void {
    this.stream.add(r);
  }

  rejected(message: RejectedMessage): void {
    this.client.publish(topics.rejected(message.device_id), JSON.stringify(message), { qos: 0 });
  }

  async close(): Promise<void> {
    this.stream.flush();
    await this.client.endAsync();
  }
}
