import { randomBytes, scryptSync } from 'node:crypto';
import type { Database } from '@energy/db';
import { freePort, ServiceProcess } from '@energy/stack';

export const SERVICE_PASSWORD = 'scale-ingest-password';
/** How long a dead broker node's members stay in the cluster directory (its entry's TTL). */
export const CLUSTER_NODE_TTL_MS = 3_000;

/**
 * Provisions many devices at once with ONE shared secret whose scrypt hash uses cheap parameters
 * (N=1024 instead of 16384): the broker verifies it with the same code, but 1,000 connects (twice,
 * after a broker restart) cost about a second of CPU instead of 25 s on this 2-core machine.
 */
export async function provisionFleet(db: Database, ids: string[]): Promise<string> {
  const secret = randomBytes(24).toString('base64url');
  const salt = randomBytes(16);
  const hash = ['scrypt', 1024, 8, 1, salt.toString('base64url'), scryptSync(secret, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64url')].join('$');
  const now = Date.now();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.execute(
      `INSERT INTO devices (id, name, secret_hash, created_ms) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((id) => [id, id, hash, now]),
    );
  }
  return secret;
}

export interface Redis {
  url: string;
  keyPrefix: string;
}

/** A broker node as its own process, clustered over Redis, on fixed free ports (so it can restart where its clients reconnect). */
export async function brokerNode(name: string, databaseUrl: string, redis: Redis, sink: (service: string, line: string) => void, logLevel = 'info'): Promise<{ process: ServiceProcess; url: string; metricsUrl: string }> {
  const [mqttPort, httpPort] = [await freePort(), await freePort()];
  const process = new ServiceProcess(
    {
      name,
      entry: 'broker/src/main.ts',
      env: {
        MQTT_HOST: '127.0.0.1',
        MQTT_PORT: String(mqttPort),
        MQTT_WS_PORT: '0',
        HTTP_PORT: String(httpPort),
        DATABASE_URL: databaseUrl,
        MQTT_SERVICE_PASSWORD_INGEST: SERVICE_PASSWORD,
        MQTT_SERVICE_PASSWORD_GATEWAY: SERVICE_PASSWORD,
        MAX_CONNECTIONS: '20000',
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.keyPrefix,
        CLUSTER_NODE_TTL_MS: String(CLUSTER_NODE_TTL_MS),
        CONNECTS_PER_IP_PER_MINUTE: '100000', // every simulated device comes from 127.0.0.1
        LOG_LEVEL: logLevel,
      },
      healthUrl: `http://127.0.0.1:${httpPort}/health`,
    },
    sink,
  );
  return { process, url: `mqtt://127.0.0.1:${mqttPort}`, metricsUrl: `http://127.0.0.1:${httpPort}/metrics` };
}

/** How many members this broker node sees in each of the `ingest` group's shared subscriptions. */
export async function ingestMembersSeen(metricsUrl: string): Promise<number[]> {
  const text = await (await fetch(metricsUrl)).text();
  return [...text.matchAll(/^mqtt_shared_subscription_members\{[^}]*share="ingest\/[^"]*"[^}]*\} (\d+)$/gm)].map((m) => Number(m[1]));
}

/** An ingest replica in the shared group `ingest`, logging at debug so its "taking device" lines can be read. */
export async function ingestReplica(name: string, brokerUrl: string, databaseUrl: string, sink: (service: string, line: string) => void, logLevel = 'debug'): Promise<ServiceProcess> {
  const httpPort = await freePort();
  return new ServiceProcess(
    {
      name,
      entry: 'ingest-service/src/main.ts',
      env: {
        MQTT_URL: brokerUrl,
        MQTT_PASSWORD: SERVICE_PASSWORD,
        MQTT_CLIENT_ID: `ingest-${name}-${httpPort}`,
        MQTT_SHARE_GROUP: 'ingest',
        DATABASE_URL: databaseUrl,
        HTTP_PORT: String(httpPort),
        LOG_LEVEL: logLevel,
      },
      healthUrl: `http://127.0.0.1:${httpPort}/health`,
    },
    sink,
  );
}
