import { randomBytes } from 'node:crypto';
import { DevicesRepository, ObserversRepository, type Database } from '@energy/db';
import { createSqliteTestDatabase } from '@energy/db/testing';
import { createLogger } from '@energy/service-kit';
import { Registry } from 'prom-client';
import { createEnergyBroker, type EnergyBroker } from '../broker';
import { SERVICE_ACCOUNTS, type BrokerConfig, type BrokerLimits, type ServiceAccount } from '../config/env';

export interface TestBrokerOptions {
  /** A migrated database to use (and leave open). Default: a fresh SQLite one, dropped on close. */
  db?: Database;
  /** Passwords for the service accounts; any not given gets a random one (see the result). */
  servicePasswords?: Partial<Record<ServiceAccount, string>>;
  allowAnonymous?: boolean;
  /** Override limits; by default they are production's, except a generous connects-per-IP. */
  limits?: Partial<BrokerLimits>;
  /** pino level; default 'silent'. */
  logLevel?: string;
  /** Cluster over Redis (e.g. `redis://127.0.0.1:6379`); give each test its own key prefix. Default: a single node in memory. */
  redis?: { url: string; keyPrefix: string; nodeTtlMs?: number };
  /** Fixed ports, e.g. to restart a broker where its clients will reconnect; default: free ports. */
  mqttPort?: number;
}

export interface TestBroker {
  /** `mqtt://127.0.0.1:PORT` */
  url: string;
  /** `ws://127.0.0.1:PORT` */
  wsUrl: string;
  /** `http://127.0.0.1:PORT`, serving /health and /metrics. */
  httpUrl: string;
  mqttPort: number;
  db: Database;
  /** username (`ingest`, `alert`, `gateway`) -> password. */
  servicePasswords: Record<ServiceAccount, string>;
  /** Registers a device and returns its secret (username = device id). */
  provisionDevice(deviceId: string, name?: string): Promise<string>;
  /** Registers a read-only observer and returns its secret. */
  provisionObserver(username: string): Promise<string>;
  /** The Prometheus text of this broker's metrics. */
  metrics(): Promise<string>;
  broker: EnergyBroker;
  close(): Promise<void>;
}

/**
 * The real broker on free ports (port 0) for integration tests of any service:
 *
 *   const broker = await startTestBroker();
 *   const secret = await broker.provisionDevice('kitchen-1');
 *   mqtt.connect(broker.url, { clientId: 'kitchen-1', username: 'kitchen-1', password: secret });
 *   mqtt.connect(broker.url, { clientId: 'ingest-1', username: 'ingest', password: broker.servicePasswords.ingest });
 *   await broker.close();
 */
export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const testDb = options.db ? null : await createSqliteTestDatabase();
  const db = options.db ?? testDb!.db;
  const servicePasswords = Object.fromEntries(
    SERVICE_ACCOUNTS.map((name) => [name, options.servicePasswords?.[name] ?? `test-${name}-${randomBytes(12).toString('base64url')}`]),
  ) as Record<ServiceAccount, string>;
  const config: BrokerConfig = {
    host: '127.0.0.1',
    mqttPort: options.mqttPort ?? 0,
    wsPort: 0,
    tls: null,
    httpPort: 0,
    logLevel: options.logLevel ?? 'silent',
    database: { sqlitePath: testDb?.url ?? ':memory:' },
    servicePasswords,
    allowAnonymous: options.allowAnonymous ?? false,
    limits: {
      maxPayloadBytes: 16 * 1024,
      maxConnections: 10_000,
      maxClientIdLength: 128,
      connectsPerIpPerMinute: 100_000,
      authFailuresPerIpPerMinute: 30,
      maxConcurrentAuth: 8,
      maxSubscriptionsPerClient: 100,
      maxQueuedPerSession: 1_000,
      sessionExpiryMs: 24 * 3_600_000,
      revocationCheckMs: 10_000,
      connectTimeoutMs: 10_000,
      keepaliveLimitS: 1_200,
      ...options.limits,
    },
    cluster: options.redis ? { redisUrl: options.redis.url, keyPrefix: options.redis.keyPrefix, nodeTtlMs: options.redis.nodeTtlMs ?? 5_000, connectTimeoutMs: 5_000 } : null,
  };
  const registry = new Registry(); // no default process metrics: many brokers share one test process
  const broker = await createEnergyBroker(config, { logger: createLogger('broker', config.logLevel), db, registry }).catch(async (err) => {
    await testDb?.drop();
    throw err;
  });
  // The test broker has no TLS, so its plaintext listeners are always open.
  const [mqttPort, wsPort] = [broker.mqttPort as number, broker.wsPort as number];
  const devices = new DevicesRepository(db);
  const observers = new ObserversRepository(db);
  return {
    url: `mqtt://127.0.0.1:${mqttPort}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    httpUrl: `http://127.0.0.1:${broker.httpPort}`,
    mqttPort,
    db,
    servicePasswords,
    provisionDevice: async (deviceId, name) => (await devices.add(deviceId, name)).secret,
    provisionObserver: (username) => observers.upsert(username),
    metrics: () => registry.metrics(),
    broker,
    close: async () => {
      await broker.close();
      await testDb?.drop();
    },
  };
}
