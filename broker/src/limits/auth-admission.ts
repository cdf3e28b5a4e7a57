/**
 * Admission for the expensive half of a CONNECT: checking a secret that is not in the verification
 * cache costs a scrypt (20-40 ms of a libuv thread), also for a wrong or unknown one, by design.
 * Two limits keep a sprayer from filling the thread pool so that real devices time out (issue 16):
 * - per remote address, attempts that end in a failure within a minute (counted when they start, so
 *   parallel attempts cannot all slip in; a success takes its own attempt back);
 * - in total, checks in flight: beyond that the CONNECT is answered "server unavailable" at once,
 *   and the client retries later, instead of queueing behind the sprayer.
 */
export type AuthAdmissionRefusal = { admitted: false; reason: 'auth-throttled' | 'auth-busy'; message: string };
export type AuthTicket = { admitted: true; finish(succeeded: boolean): void };

export class AuthAdmission {
  private readonly failures = new Map<string, number[]>();
  private inFlight = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly failuresPerIpPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = 100_000,
  ) {}

  get checksInFlight(): number {
    return this.inFlight;
  }

  /** `usesScrypt` false (a service account: a digest compare) skips the in-flight cap, not the failure count. */
  begin(remoteAddress: string | undefined, usesScrypt = true): AuthTicket | AuthAdmissionRefusal {
    const address = remoteAddress ?? 'unknown';
    const recent = this.recent(address);
    if (recent.length >= this.failuresPerIpPerMinute) {
      return { admitted: false, reason: 'auth-throttled', message: `${address}: ${recent.length} failed log-ins in the last minute (limit ${this.failuresPerIpPerMinute}); not checking more for now` };
    }
    if (usesScrypt && this.inFlight >= this.maxConcurrent) {
      return { admitted: false, reason: 'auth-busy', message: `${address}: ${this.inFlight} secrets are being checked already (limit ${this.maxConcurrent}); told to come back later` };
    }
    const startedAt = this.now();
    recent.push(startedAt);
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > this.maxTracked) this.failures.delete(this.failures.keys().next().value as string);
    if (usesScrypt) this.inFlight++;
    let finished = false;
    return {
      admitted: true,
      finish: (succeeded) => {
        if (finished) return;
        finished = true;
        if (usesScrypt) this.inFlight--;
        if (!succeeded) return;
        const attempts = this.failures.get(address);
        const at = attempts?.indexOf(startedAt) ?? -1;
        if (attempts && at >= 0) attempts.splice(at, 1);
        if (attempts?.length === 0) this.failures.delete(address);
      },
    };
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - 60_000;
    return (this.failures.get(address) ?? []).filter((at) => at > cutoff);
  }
}
