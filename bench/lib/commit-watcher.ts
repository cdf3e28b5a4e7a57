import type { Database } from '@energy/db';

/**
 * Watches a table for newly committed rows and records, for each, the time from its publish stamp
 * (`ts_ms`) to the moment the watcher saw it committed. Polling every 20 ms bounds the error.
 */
export class CommitWatcher {
  private lastId = 0;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  readonly latenciesMs: number[] = [];
  seen = 0;
  firstSeenMs: number | null = null;
  lastSeenMs: number | null = null;

  constructor(
    private readonly db: Database,
    private readonly table: string,
  ) {}

  /** Starts from the newest row already there, so only this run's rows count. */
  async start(intervalMs = 20): Promise<void> {
    const [row] = await this.db.query<{ id: number | null }>(`SELECT MAX(id) AS id FROM ${this.table}`);
    this.lastId = Number(row?.id ?? 0);
    this.timer = setInterval(() => {
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.poll();
  }

  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.seen < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    return this.seen >= count;
  }

  private async poll(): Promise<void> {
    const rows = await this.db.query<{ id: number; ts_ms: number }>(`SELECT id, ts_ms FROM ${this.table} WHERE id > ? ORDER BY id LIMIT 50000`, [this.lastId]);
    const now = Date.now();
    for (const row of rows) {
      this.latenciesMs.push(now - Number(row.ts_ms));
      this.lastId = Number(row.id);
    }
    if (rows.length > 0) {
      this.seen += rows.length;
      this.firstSeenMs ??= now;
      this.lastSeenMs = now;
    }
  }
}
