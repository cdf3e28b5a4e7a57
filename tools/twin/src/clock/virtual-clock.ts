/**
 * The twin's one notion of "now": virtual UTC milliseconds shared by every simulated board. It starts
 * in the past (inside the ingest's accepted reading age) and only moves when the runner advances it,
 * faster than real time, but never backwards and never ahead of the real clock: a reading stamped in
 * the future would be refused by the ingest.
 */
export class VirtualClock {
  private current: number;
  private readonly listeners = new Set<(nowMs: number) => void>();

  constructor(
    readonly startMs: number,
    private readonly realNowMs: () => number = Date.now,
  ) {
    if (!Number.isInteger(startMs)) throw new Error(`virtual start must be whole milliseconds, got ${startMs}`);
    if (startMs > realNowMs()) throw new Error(`virtual start ${new Date(startMs).toISOString()} is ahead of the real clock`);
    this.current = startMs;
  }

  get nowMs(): number {
    return this.current;
  }

  /** Virtual time since the start. */
  get elapsedMs(): number {
    return this.current - this.startMs;
  }

  /** Moves to `ms` (rounded up to a whole millisecond). Earlier times are ignored; the real clock is a hard limit. */
  advanceTo(ms: number): void {
    const target = Math.ceil(ms);
    if (target <= this.current) return;
    const real = this.realNowMs();
    if (target > real) throw new Error(`virtual clock would pass the real clock (${new Date(target).toISOString()} > ${new Date(real).toISOString()})`);
    this.current = target;
    for (const listener of this.listeners) listener(target);
  }

  onAdvance(listener: (nowMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
