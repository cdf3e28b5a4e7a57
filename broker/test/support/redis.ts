import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis every cluster test uses; CI starts it. Override with TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own (Redis here keeps nothing on disk, but tests run side by side), and a way to delete its keys. */
export function redisNamespace(name: string): { url: string; keyPrefix: string; cleanUp(): Promise<void> } {
  const keyPrefix = `test:${name}:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  return {
    url: TEST_REDIS_URL,
    keyPrefix,
    cleanUp: async () => {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
