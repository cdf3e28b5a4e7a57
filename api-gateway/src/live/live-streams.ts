import { HttpException, HttpStatus } from '@nestjs/common';
import type { Principal } from '../auth/principal';

export interface LiveStreamLimits {
  maxClients: number;
  maxPerPrincipal: number;
}

interface OpenStream {
  principal: Principal;
  key: string;
  end(): void;
}

/**
 * The open live streams with the principal each belongs to (issue 16): at most `maxClients` in all
 * and `maxPerPrincipal` per user, key or anonymous address, and a `sweep` that ends every stream
 * whose principal may no longer read (logged out, session expired, key revoked).
 */
export class LiveStreams {
  private readonly streams = new Set<OpenStream>();

  constructor(private readonly limits: LiveStreamLimits) {}

  get size(): number {
    return this.streams.size;
  }

  /** Registers a stream or throws 429; returns the function that forgets it. */
  admit(principal: Principal, key: string, end: () => void): () => void {
    const mine = [...this.streams].filter((s) => s.key === key).length;
    if (mine >= this.limits.maxPerPrincipal) throw new HttpException(`${mine} live streams open for you already (at most ${this.limits.maxPerPrincipal})`, HttpStatus.TOO_MANY_REQUESTS);
    if (this.streams.size >= this.limits.maxClients) throw new HttpException(`${this.streams.size} live streams open (at most ${this.limits.maxClients}); try again later`, HttpStatus.TOO_MANY_REQUESTS);
    const stream: OpenStream = { principal, key, end };
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** Ends the streams whose principal `stillValid` refuses; returns how many. */
  async sweep(stillValid: (principal: Principal) => Promise<boolean>): Promise<number> {
    let ended = 0;
    for (const stream of [...this.streams]) {
      if (await stillValid(stream.principal).catch(() => true)) continue; // a database hiccup ends nobody
      this.streams.delete(stream);
      stream.end();
      ended++;
    }
    return ended;
  }
}
