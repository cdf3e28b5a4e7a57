// aedes-persistence-redis ships no types; only the async class is used (aedes 1.x wants async persistence).
declare module 'aedes-persistence-redis/asyncPersistence.js' {
  import type { Redis } from 'ioredis';
  class AsyncRedisPersistence {
    constructor(options: { conn: Redis; maxSessionDelivery?: number; packetTTL?: (packet: unknown) => number });
    createRetainedStreamCombi(patterns: string[]): AsyncIterable<unknown>;
    createRetainedStream(pattern: string): AsyncIterable<unknown>;
    outgoingStream(client: unknown): AsyncIterable<unknown>;
    streamWill(brokers?: unknown): AsyncIterable<unknown>;
    getClientList(topic: string): AsyncIterable<unknown>;
    destroy(): Promise<void>;
  }
  export = AsyncRedisPersistence;
}
