import { Readable } from 'node:stream';
import AsyncRedisPersistence from 'aedes-persistence-redis/asyncPersistence.js';

/**
 * aedes-persistence-redis 11 is written against aedes-persistence 10, whose streams are async
 * generators; aedes 1.x pipes them (`stream.pipe(...)`), as aedes-persistence 11 returns Readables.
 * This adapter turns each stream method's result into a Readable and changes nothing else.
 */
export class AedesRedisPersistence extends AsyncRedisPersistence {
  override createRetainedStreamCombi(patterns: string[]): Readable {
    return Readable.from(super.createRetainedStreamCombi(patterns));
  }

  override createRetainedStream(pattern: string): Readable {
    return Readable.from(super.createRetainedStream(pattern));
  }

  override outgoingStream(client: unknown): Readable {
    return Readable.from(super.outgoingStream(client));
  }

  override streamWill(brokers?: unknown): Readable {
    return Readable.from(super.streamWill(brokers));
  }

  override getClientList(topic: string): Readable {
    return Readable.from(super.getClientList(topic));
  }
}
