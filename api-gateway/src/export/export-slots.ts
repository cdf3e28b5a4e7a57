import { HttpException, HttpStatus } from '@nestjs/common';

export interface ExportLimits {
  /** Exports running at once, for everyone together. */
  maxConcurrent: number;
  /** Exports running at once for one principal (user, API key, or anonymous address). */
  maxPerPrincipal: number;
}

export class TooManyExportsError extends HttpException {
  constructor(message: string) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * The bounded queue in front of CSV exports (issue 16): a principal holds at most a few, everyone
 * together at most a few more, and an export over either cap is refused at once instead of waiting
 * behind the others. Each export reads one short page at a time, so together they never take more
 * than `maxConcurrent` database connections, and only for the length of a query.
 */
export class ExportSlots {
  private readonly running = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: ExportLimits) {}

  get inProgress(): number {
    return this.total;
  }

  /** Takes a slot for `principal`, or throws 429; the returned function gives it back (once). */
  acquire(principal: string): () => void {
    const mine = this.running.get(principal) ?? 0;
    if (mine >= this.limits.maxPerPrincipal) throw new TooManyExportsError(`${mine} exports in progress for you already (at most ${this.limits.maxPerPrincipal}); wait for one to finish`);
    if (this.total >= this.limits.maxConcurrent) throw new TooManyExportsError(`${this.total} exports in progress (at most ${this.limits.maxConcurrent}); try again shortly`);
    this.running.set(principal, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.running.get(principal) ?? 1) - 1;
      if (left > 0) this.running.set(principal, left);
      else this.running.delete(principal);
    };
  }
}
