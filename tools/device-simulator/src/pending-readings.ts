/**
 * Readings the device has published but the bus has not acknowledged, oldest first. Mirrors the
 * ESP32's ring buffer: bounded, dropping (and counting) the oldest when full.
 */
export class PendingReadings {
  private readonly entries: Array<{ seq: number; payload: string; sentAtMs: number }> = [];
  dropped = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** The oldest seq still held, which the device reports as `oldest_seq`. */
  oldestSeq(): number | undefined {
    return this.entries[0]?.seq;
  }

  add(seq: number, payload: string, nowMs: number): void {
    if (this.entries.length >= this.capacity) {
      this.entries.shift();
      this.dropped++;
    }
    this.entries.push({ seq, payload, sentAtMs: nowMs });
  }

  /** Forgets every reading with seq <= `seq`; returns how many were released. */
  ackThrough(seq: number): number {
    let released = 0;
    while (this.entries.length > 0 && this.entries[0]!.seq <= seq) {
      this.entries.shift();
      released++;
    }
    return released;
  }

  /** Up to `limit` readings to re-send, oldest first, that were last sent before `olderThanMs`. */
  due(olderThanMs: number, limit: number, nowMs: number): Array<{ seq: number; payload: string }> {
    const out: Array<{ seq: number; payload: string }> = [];
    for (const entry of this.entries) {
      if (out.length >= limit) break;
      if (entry.sentAtMs > olderThanMs) continue;
      entry.sentAtMs = nowMs;
      out.push(entry);
    }
    return out;
  }

  /** Marks everything as never sent (after a reconnect, all of it is due again). */
  markAllUnsent(): void {
    for (const entry of this.entries) entry.sentAtMs = 0;
  }
}
