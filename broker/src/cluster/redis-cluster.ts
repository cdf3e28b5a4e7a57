import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import mqemitterRedis from 'mqemitter-redis';
import { AedesRedisPersistence } from './redis-persistence';
import type { Logger } from '@energy/service-kit';
import type { ClusterConfig } from '../config/env';
import { RedisShareDirectory } from './redis-share-directory';

/** aedes' options for a clustered node, plus the share directory and a way to close it all. */
export interface RedisCluster {
  nodeId: string;
  /** mqemitter-redis: every PUBLISH on any node reaches the subscribers on every node. */
  mq: unknown;
  /** aedes-persistence-redis: retained messages, sessions, QoS 1/2 in flight, wills. */
  persistence: AedesRedisPersistence;
  createDirectory(onRemote: ConstructorParameters<typeof RedisShareDirectory>[3]): RedisShareDirectory;
  ping(): Promise<void>;
  /** After aedes has closed (it closes the mq itself). */
  close(): Promise<void>;
}

/**
 * Connects to Redis, failing fast with a message that names REDIS_URL when it cannot: a broker that
 * starts without its cluster would silently split the devices into islands.
 */
export async function connectRedisCluster(config: ClusterConfig, logger: Logger): Promise<RedisCluster> {
  const nodeId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const connect = (role: string, extra: Record<string, unknown> = {}) =>
    new Redis(config.redisUrl, { lazyConnect: true, connectionName: `broker-${role}-${nodeId}`, maxRetriesPerRequest: null, ...extra });
  const directoryConn = connect('directory');
  const subscriberConn = connect('directory-sub');
  const persistenceConn = connect('persistence', { keyPrefix: config.keyPrefix });
  const mqPub = connect('mq-pub');
  const mqSub = connect('mq-sub');
  const all = [directoryConn, subscriberConn, persistenceConn, mqPub, mqSub];
  try {
    await Promise.all(all.map((c) => withTimeout(c.connect(), config.connectTimeoutMs, `REDIS_URL: no answer from ${redactUrl(config.redisUrl)} within ${config.connectTimeoutMs} ms`)));
  } catch (err) {
    all.forEach((c) => c.disconnect());
    throw err;
  }
  for (const [name, conn] of [['directory', directoryConn], ['persistence', persistenceConn], ['mq', mqPub]] as const) {
    conn.on('error', (err: Error) => logger.warn({ redis: name, err: err.message }, 'Redis connection error (reconnecting)'));
  }

  // The mq's channels carry the prefix too, so two clusters on one Redis never hear each other.
  const { MQEmitterRedisPrefix } = mqemitterRedis as unknown as { MQEmitterRedisPrefix: new (prefix: string, options: object) => unknown };
  const mq = new MQEmitterRedisPrefix(config.keyPrefix, { pubConn: mqPub, subConn: mqSub, concurrency: 100, matchEmptyLevels: true }) as ClosableMq;
  // aedes may still publish while it closes (a client's $SYS unsubscribe notice after mq.close()
  // has begun); mqemitter-redis would reject that on the quitting connection and throw.
  const emit = mq.emit.bind(mq);
  mq.emit = (message, done) => (mq.closing || mq.closed ? done?.() : emit(message, done));
  const persistence = new AedesRedisPersistence({ conn: persistenceConn });
  logger.info({ nodeId, redis: redactUrl(config.redisUrl), keyPrefix: config.keyPrefix }, 'clustered over Redis');

  return {
    nodeId,
    mq,
    persistence,
    createDirectory: (onRemote) =>
      new RedisShareDirectory(directoryConn, subscriberConn, { keyPrefix: config.keyPrefix, nodeId, nodeTtlMs: config.nodeTtlMs }, onRemote, logger),
    ping: async () => {
      await withTimeout(directoryConn.ping(), 2_000, 'Redis did not answer PING within 2 s');
    },
    close: async () => {
      // destroy() unsubscribes from the mq and disconnects its own connection.
      await withTimeout(persistence.destroy(), 2_000, 'persistence did not close').catch(() => undefined);
      for (const conn of [directoryConn, subscriberConn, persistenceConn]) await conn.quit().catch(() => conn.disconnect());
    },
  };
}

interface ClosableMq {
  closing?: boolean;
  closed?: boolean;
  emit(message: unknown, done?: (err?: Error) => void): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
