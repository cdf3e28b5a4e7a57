import mqtt, { type MqttClient } from 'mqtt';
import { encodeReading, topics } from '@energy/contracts';

export interface LoadTarget {
  url: string;
  username?: string;
  password?: string;
}

/**
 * Publishes readings for many device ids over a pool of connections. Device ids and their seq
 * counters are real; only the TCP connections are pooled, because provisioning and scrypt-verifying
 * ten thousand device secrets would dominate the run and measure start-up, not throughput.
 */
export class LoadGenerator {
  private readonly seqs = new Map<string, number>();
  published = 0;

  private constructor(private readonly clients: MqttClient[]) {}

  static async connect(target: LoadTarget, connections: number, label: string): Promise<LoadGenerator> {
    const clients = await Promise.all(
      Array.from({ length: connections }, (_, i) =>
        mqtt.connectAsync(target.url, { clientId: `${target.username ?? label}:${label}-load-${i}-${process.pid}`, username: target.username, password: target.password, reconnectPeriod: 0 }),
      ),
    );
    return new LoadGenerator(clients);
  }

  /** One reading for `deviceId`, stamped with the publish time (used to measure publish-to-commit). */
  publish(deviceId: string, index: number): void {
    const seq = (this.seqs.get(deviceId) ?? 0) + 1;
    this.seqs.set(deviceId, seq);
    const payload = encodeReading({ seq, oldest_seq: seq, ts: Date.now(), Voltage: 230, Current: 1.5, power_w: 330, apparent_power_va: 345, power_factor: 0.957, energy_wh: seq * 0.1 });
    this.clients[index % this.clients.length]!.publish(topics.reading(deviceId), payload, { qos: 0 });
    this.published++;
  }

  /** Resolves when every pooled connection has flushed what it was given. */
  async drain(): Promise<void> {
    await Promise.all(this.clients.map((c) => new Promise<void>((resolve) => (c.stream.writableNeedDrain ? c.stream.once('drain', () => resolve()) : resolve()))));
  }

  /** All of `perDevice` readings for every device, as fast as the sockets take them. */
  async burst(deviceIds: readonly string[], perDevice: number): Promise<void> {
    for (let round = 0; round < perDevice; round++) {
      deviceIds.forEach((id, i) => this.publish(id, i));
      await this.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Every device once per second for `seconds`, spread evenly over each second in 10 ms slices. */
  async steady(deviceIds: readonly string[], seconds: number): Promise<void> {
    const slices = 100;
    const perSlice = Math.ceil(deviceIds.length / slices);
    const start = Date.now();
    for (let s = 0; s < seconds * slices; s++) {
      const due = start + s * 10;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const offset = (s % slices) * perSlice;
      for (let i = offset; i < Math.min(offset + perSlice, deviceIds.length); i++) this.publish(deviceIds[i]!, i);
    }
    await this.drain();
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync()));
  }
}
