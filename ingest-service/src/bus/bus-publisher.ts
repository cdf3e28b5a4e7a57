import { encodeAck, topics, type RejectedMessage } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import { BusPublisher as BusConnection, type Logger } from '@energy/service-kit';
import { quietMqttLog } from './quiet-mqtt-log';
import { TelemetryStream, type TelemetryStreamOptions } from './telemetry-stream';

/**
 * The ingest's outgoing messages, on service-kit's publisher. Its own connection, so replies never
 * wait behind the consumer.
 */
export class BusPublisher {
  private readonly stream: TelemetryStream;

  private constructor(
    private readonly bus: BusConnection,
    telemetry: TelemetryStreamOptions,
  ) {
    this.stream = new TelemetryStream(telemetry, (topic, payload) => this.bus.send(topic, payload));
    // What the stream still holds goes out before the connection closes.
    bus.onClose(() => this.stream.flush());
  }

  static async connect(
    opts: { url: string; username: string; password?: string; clientId: string },
    telemetry: TelemetryStreamOptions,
    logger: Logger,
  ): Promise<BusPublisher> {
    const bus = await BusConnection.connect({ ...opts, clientId: `${opts.clientId}-pub`, connectTimeoutMs: 10_000, mqtt: { log: quietMqttLog } }, logger);
    bus.client.on('reconnect', () => logger.info('bus publisher reconnecting'));
    return new BusPublisher(bus, telemetry);
  }

  get connected(): boolean {
    return this.bus.connected;
  }

  /**
   * QoS 0, like everything the ESP32 receives through PubSubClient: a lost ack costs only a re-send,
   * which is answered with the ack again, while QoS 1 would double the packets per reading.
   */
  ack(deviceId: string, seq: number): void {
    this.bus.send(topics.ack(deviceId), encodeAck(seq));
  }

  /** An accepted reading for live consumers: batched on `svc/{partition}/telemetry` (and per device when configured). */
  telemetry(r: NewReading): void {
    this.stream.add(r);
  }

  rejected(message: RejectedMessage): void {
    this.bus.send(topics.rejected(message.device_id), JSON.stringify(message));
  }

  async close(): Promise<void> {
    await this.bus.close();
  }
}
