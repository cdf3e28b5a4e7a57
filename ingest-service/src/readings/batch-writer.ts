import type { NewReading } from '@energy/db';
import type { InsertOutcome } from './store';
import type { Logger } from '@energy/service-kit';

export interface BatchWriterOptions {
  maxRows: number;
  maxMs: number;
  bufferMaxRows: number;
  /** Backoff after a failed write: doubles from min to max. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export interface BatchWriterHooks {
  write(batch: NewReading[]): Promise<InsertOutcome>;
  /** Called only after the batch has committed. */
  committed(outcome: InsertOutcome, batch: NewReading[], elapsedMs: number): void;
  failed(err: unknown, attempt: number, retryInMs: number): void;
}

/**
 * A bounded buffer flushed as multi-row batches at N rows or T ms, whichever comes first. T counts
 * from when the oldest waiting row arrived: rows that queued up during a slow write are written as
 * soon as it ends, not T ms later, so latency stays near the write time under steady load. A failed
 * write keeps its rows and retries with backoff; nothing is acknowledged until a write commits.
 * When the buffer is full, `offer` refuses: those readings stay on their devices, which re-send them.
 */
export class BatchWriter {
  private buffer: NewReading[] = [];
  /** When each buffered row arrived (performance.now()), parallel to `buffer`. */
  private arrivals: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly options: BatchWriterOptions,
    private readonly hooks: BatchWriterHooks,
    private readonly logger?: Logger,
  ) {}

  get size(): number {
    return this.buffer.length;
  }

  /** Queues a reading; false when the buffer is full. */
  offer(reading: NewReading): boolean {
    if (this.buffer.length >= this.options.bufferMaxRows) return false;
    this.buffer.push(reading);
    this.arrivals.push(performance.now());
    if (this.buffer.length >= this.options.maxRows) this.kick();
    else if (!this.timer && !this.writing && !this.retryTimer) this.timer = setTimeout(() => this.kick(), this.options.maxMs);
    return true;
  }

  /** Writes everything buffered, retrying until it lands or the deadline passes. */
  async drain(deadlineMs = 15_000): Promise<void> {
    const until = Date.now() + deadlineMs;
    this.stopped = true;
    this.clearTimers();
    while (this.buffer.length > 0 || this.writing) {
      if (Date.now() > until) throw new Error(`could not flush ${this.buffer.length} buffered readings within ${deadlineMs} ms`);
      if (this.writing) await this.writing;
      else await this.flushOnce().catch(() => new Promise((resolve) => setTimeout(resolve, 200)));
    }
  }

  private kick(): void {
    this.clearTimers();
    if (this.writing || this.stopped) return;
    this.writing = this.flushOnce()
      .then(() => {
        this.attempt = 0;
      })
      .catch((err) => {
        this.attempt++;
        const retryInMs = Math.min(this.options.retryMaxMs ?? 5_000, (this.options.retryMinMs ?? 100) * 2 ** (this.attempt - 1));
        this.hooks.failed(err, this.attempt, retryInMs);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.kick();
        }, retryInMs);
      })
      .finally(() => {
        this.writing = null;
        if (this.buffer.length > 0 && !this.retryTimer && !this.stopped) {
          const dueInMs = this.arrivals[0]! + this.options.maxMs - performance.now();
          if (this.buffer.length >= this.options.maxRows || dueInMs <= 0) setImmediate(() => this.kick());
          else this.timer ??= setTimeout(() => this.kick(), dueInMs);
        }
      });
  }

  private async flushOnce(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer.slice(0, this.options.maxRows);
    const started = performance.now();
    const outcome = await this.hooks.write(batch);
    // Only now, with the batch committed, do its rows leave the buffer.
    this.buffer.splice(0, batch.length);
    this.arrivals.splice(0, batch.length);
    try {
      this.hooks.committed(outcome, batch, performance.now() - started);
    } catch (err) {
      this.logger?.error({ err }, 'post-commit hook failed');
    }
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
