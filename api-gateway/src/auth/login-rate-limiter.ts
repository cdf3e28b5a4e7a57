/**
 * Counts failed log-ins per client address in a sliding window. Kept in memory: one gateway per
 * site is the common case, and behind several replicas each still caps guessing per replica.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = 10_000,
  ) {}

  /** Milliseconds until `client` may try again, or 0 when it may try now. */
  retryAfterMs(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - this.now();
  }

  /**
   * Counts an attempt as it starts, before any scrypt (issue 16): returns 0 and counts it as a
   * failure until `recordSuccess` says otherwise, or the wait when `client` is over the limit (then
   * nothing is counted). Checking first and counting after the password check let 30 parallel
   * guesses through a limit of 5.
   */
  startAttempt(client: string): number {
    const waitMs = this.retryAfterMs(client);
    if (waitMs > 0) return waitMs;
    this.recordFailure(client);
    return 0;
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    this.failures.delete(client);
    this.failures.set(client, recent);
    // Bounded memory under a spray of addresses: forget the oldest entry.
    if (this.failures.size > this.maxTracked) this.failures.delete(this.failures.keys().next().value as string);
  }

  recordSuccess(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((at) => at > cutoff);
  }
}
