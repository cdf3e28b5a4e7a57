import mqtt, { type MqttClient } from 'mqtt';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { createLogger } from '@energy/service-kit';
import { loadIngestConfig } from '../src/config/env';
import { startIngest, type IngestHandle } from '../src/app';

export interface IngestHarness {
  t: TestDatabase;
  broker: TestBroker;
  ingest: IngestHandle;
  /** An MQTT client logged in as a service account (trusted on energy/#). */
  serviceClient(user: 'gateway' | 'alert'): Promise<MqttClient>;
  deviceClient(deviceId: string, secret: string): Promise<MqttClient>;
  close(): Promise<void>;
}

/** The real broker and the ingest in this process, on a fresh MariaDB database. */
export async function startIngestHarness(env: Record<string, string> = {}): Promise<IngestHarness> {
  const t = await createMysqlTestDatabase();
  const broker = await startTestBroker({ db: t.db });
  const config = loadIngestConfig({
    MQTT_URL: broker.url,
    MQTT_PASSWORD: broker.servicePasswords.ingest,
    MQTT_CLIENT_ID: `ingest-test-${process.pid}`,
    DATABASE_URL: t.url,
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const ingest = await startIngest(config, { logger: createLogger('ingest', 'silent') });
  const clients: MqttClient[] = [];
  const connect = async (opts: mqtt.IClientOptions) => {
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, ...opts });
    clients.push(client);
    return client;
  };
  return {
    t,
    broker,
    ingest,
    serviceClient: (user) => connect({ clientId: `${user}-test-${clients.length}`, username: user, password: broker.servicePasswords[user] }),
    deviceClient: (deviceId, secret) => connect({ clientId: deviceId, username: deviceId, password: secret }),
    close: async () => {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await ingest.close();
      await broker.close();
      await t.drop();
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    last = await probe();
    if (last) return last as T;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export async function countRows(t: TestDatabase, sql = 'SELECT COUNT(*) AS n FROM readings'): Promise<number> {
  return Number((await t.db.query<{ n: number }>(sql))[0]!.n);
}
