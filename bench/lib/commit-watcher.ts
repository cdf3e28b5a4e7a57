import type { Database } from '@energy/db';

/**
 * Watches a table for newly committed rows and records, for each, the time from its publish stamp
 * (`ts_ms`) to the moment the watcher saw it committed. Polling every 20 ms bounds the error.
 * Concurrent writers commit out of id order, so each poll looks back a margin of ids it has seen
 * (`lookBackIds`). A single writer commits in id order and needs none: re-reading thousands of rows
 * fifty times a second would load the database under test. Either way, stop() counts every row once
 * more from the start, so a row a poll missed is still counted (its latency then is the stop's).
 */
export const CONCURRENT_WRITERS_LOOK_BACK = 2_500;

export class CommitWatcher {
  private lastId = 0;
  private startId = 0;
  /** Every row counted in this run (one watcher per run). */
  private readonly seenIds = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<unknown> | null = null;
  readonly latenciesMs: number[] = [];
  seen = 0;
  firstSeenMs: number | null = null;
  lastSeenMs: number | null = null;

  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly lookBackIds = CONCURRENT_WRITERS_LOOK_BACK,
  ) {}

  /** Starts from the newest row already there, so only this run's rows count. */
  async start(intervalMs = 20): Promise<void> {
    const [row] = await this.db.query<{ id: number | null }>(`SELECT MAX(id) AS id FROM ${this.table}`);
    this.lastId = Number(row?.id ?? 0);
    this.startId = this.lastId;
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.poll();
    // Every row of the run once more, page by page: counts any a poll missed.
    for (let from = this.startId; ; ) {
      const last = await this.poll(from);
      if (last === null) break;
      from = last;
    }
  }

  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.seen < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    return this.seen >= count;
  }

  /** Reads rows after `from` (default: the newest seen, less the look-back); returns the last id read, or null when none. */
  private async poll(from?: number): Promise<number | null> {
    const floor = from ?? Math.max(this.startId, this.lastId - this.lookBackIds);
    const rows = await this.db.query<{ id: number; ts_ms: number }>(`SELECT id, ts_ms FROM ${this.table} WHERE id > ? ORDER BY id LIMIT 100000`, [floor]);
    const now = Date.now();
    let fresh = 0;
    for (const row of rows) {
      const id = Number(row.id);
      if (this.seenIds.has(id)) continue;
      this.seenIds.add(id);
      fresh++;
      this.latenciesMs.push(now - Number(row.ts_ms));
      if (id > this.lastId) this.lastId = id;
    }
    if (fresh > 0) {
      this.seen += fresh;
      this.firstSeenMs ??= now;
      this.lastSeenMs = now;
    }
    return rows.length > 0 ? Number(rows.at(-1)!.id) : null;
  }
}
