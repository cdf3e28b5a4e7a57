import mqtt, { type MqttClient } from 'mqtt';
import { ackSchema, parseReading, topics } from '@energy/contracts';
import type { AckSeen, PublishedReading } from '../compare/readings-check';

/**
 * A read-only observer account on the bus: records every reading the ESP32s got to the broker and
 * every ack the ingest sent, in the order they arrived here, so the checks can tell an ack that came
 * after a reading from one that came before it.
 */
export class BusMonitor {
  readonly readings: Array<PublishedReading & { meterBoot?: number; meterWh?: number }> = [];
  readonly acks: AckSeen[] = [];
  /** Payloads the contract refused (none are expected from the real sketch). */
  readonly refused: string[] = [];
  /** Readings published without ts (before NTP sync): the ingest stamps them with its receive time. */
  readonly untimed: Array<{ deviceId: string; seq: number }> = [];
  private order = 0;

  private constructor(private readonly client: MqttClient) {}

  static async connect(url: string, username: string, password: string, deviceIds: string[]): Promise<BusMonitor> {
    const client = await mqtt.connectAsync(url, { clientId: `${username}-${process.pid}`, username, password, clean: true, reconnectPeriod: 500, connectTimeout: 10_000 });
    const monitor = new BusMonitor(client);
    const wanted = new Set(deviceIds);
    client.on('message', (topic, payload) => {
      const [, deviceId, kind] = topic.split('/');
      if (!deviceId || !wanted.has(deviceId)) return;
      if (kind === 'ack') monitor.onAck(deviceId, payload);
      else if (kind === 'reading') monitor.onReading(deviceId, payload);
    });
    // Subscribed again after a broker restart (the session is clean).
    const subscribe = () => client.subscribe(deviceIds.flatMap((id) => [topics.reading(id), topics.ack(id)]), { qos: 0 });
    client.on('connect', () => subscribe());
    await client.subscribeAsync(deviceIds.flatMap((id) => [topics.reading(id), topics.ack(id)]), { qos: 0 });
    return monitor;
  }

  /** Highest ack seen per device. */
  maxAck(deviceId: string): number | null {
    let max: number | null = null;
    for (const a of this.acks) if (a.deviceId === deviceId && (max === null || a.seq > max)) max = a.seq;
    return max;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }

  private onAck(deviceId: string, payload: Buffer): void {
    try {
      const ack = ackSchema.parse(JSON.parse(payload.toString('utf8')));
      this.acks.push({ deviceId, seq: ack.seq, at: ++this.order });
    } catch {
      this.refused.push(`ack ${deviceId}: ${payload.toString('utf8').slice(0, 200)}`);
    }
  }

  private onReading(deviceId: string, payload: Buffer): void {
    const parsed = parseReading(payload);
    if (!parsed.ok || parsed.reading.seq === undefined) {
      this.refused.push(`reading ${deviceId}: ${parsed.ok ? 'no seq' : parsed.reason}: ${payload.toString('utf8').slice(0, 200)}`);
      return;
    }
    if (parsed.reading.ts === undefined) {
      if (!this.untimed.some((u) => u.deviceId === deviceId && u.seq === parsed.reading.seq)) this.untimed.push({ deviceId, seq: parsed.reading.seq });
      return;
    }
    const r = parsed.reading;
    this.readings.push({ deviceId, seq: r.seq!, tsMs: r.ts!, at: ++this.order, meterBoot: r.meter_boot, meterWh: r.meter_wh });
  }
}
