import { randomUUID } from 'node:crypto';
import { topics } from '@energy/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { startTestBroker, type TestBrokerOptions, type TestBroker } from '../../src/testing/test-broker';

/**
 * One broker with two devices, an observer and a watching ingest service. `assertStillServing`
 * is the "and the broker keeps serving everyone else" half of every refusal test.
 */
export interface Fixture {
  broker: TestBroker;
  secrets: { kitchen: string; garage: string; observer: string };
  /** ingest, subscribed to energy/#: everything that reaches the bus lands here. */
  seen: Array<{ topic: string; payload: string }>;
  kitchen: MqttClient;
  connect(opts: mqtt.IClientOptions, url?: string): Promise<MqttClient>;
  assertStillServing(): Promise<void>;
  refusals(reason: string): Promise<number>;
  close(): Promise<void>;
}

export async function createFixture(options: TestBrokerOptions = {}): Promise<Fixture> {
  const broker = await startTestBroker(options);
  const secrets = {
    kitchen: await broker.provisionDevice('kitchen-1'),
    garage: await broker.provisionDevice('garage-2'),
    observer: await broker.provisionObserver('grafana'),
  };
  const clients: MqttClient[] = [];
  const connect = async (opts: mqtt.IClientOptions, url = broker.url) => {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3_000, ...opts });
    clients.push(client);
    return client;
  };
  const seen: Fixture['seen'] = [];
  const ingest = await connect({ clientId: 'ingest-watch', username: 'ingest', password: broker.servicePasswords.ingest });
  ingest.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
  await ingest.subscribeAsync('energy/#', { qos: 1 });
  const kitchen = await connect({ clientId: 'kitchen-1', username: 'kitchen-1', password: secrets.kitchen });

  return {
    broker,
    secrets,
    seen,
    kitchen,
    connect,
    async assertStillServing() {
      const marker = randomUUID();
      if (!kitchen.connected) throw new Error('the good device was disconnected');
      await kitchen.publishAsync(topics.reading('kitchen-1'), JSON.stringify({ Voltage: 230, Current: 1, marker }), { qos: 1 });
      await waitFor(() => seen.some((m) => m.payload.includes(marker)), 'the watching service to receive the good device reading');
    },
    async refusals(reason) {
      const line = (await broker.metrics()).split('\n').find((l) => l.startsWith(`mqtt_refusals_total{reason="${reason}"}`));
      return line ? Number(line.split(' ').pop()) : 0;
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await broker.close();
    },
  };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Gives a refused message time to arrive if it were (wrongly) routed. */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
