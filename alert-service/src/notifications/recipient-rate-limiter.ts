/**
 * Per recipient: at most `maxPerHour` messages in any hour, and at least `minIntervalMs` between two.
 * CallMeBot throttles and eventually blocks senders that flood one number.
 */
export class RecipientRateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly maxPerHour: number,
    private readonly minIntervalMs: number,
  ) {}

  /** Milliseconds to wait before the next message to `recipient`, or null when the hourly budget is spent. */
  delayFor(recipient: string, nowMs: number): number | null {
    const recent = this.recent(recipient, nowMs);
    if (recent.length >= this.maxPerHour) return null;
    const last = recent[recent.length - 1];
    return last === undefined ? 0 : Math.max(0, last + this.minIntervalMs - nowMs);
  }

  record(recipient: string, nowMs: number): void {
    this.sent.set(recipient, [...this.recent(recipient, nowMs), nowMs]);
  }

  private recent(recipient: string, nowMs: number): number[] {
    return (this.sent.get(recipient) ?? []).filter((at) => nowMs - at < 3_600_000);
  }
}
