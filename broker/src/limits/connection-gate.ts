/**
 * Admission for raw connections, before a single MQTT byte is read: a cap on open sockets
 * (authenticated or not) and on new connections per remote address per minute.
 */
export type Admission = { admitted: true; release(): void } | { admitted: false; reason: 'max-connections' | 'ip-rate-limited'; message: string };

export class ConnectionGate {
  private open = 0;
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  constructor(
    private readonly maxConnections: number,
    private readonly connectsPerIpPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  get openConnections(): number {
    return this.open;
  }

  admit(remoteAddress: string | undefined): Admission {
    const ip = remoteAddress ?? 'unknown';
    if (this.open >= this.maxConnections) {
      return { admitted: false, reason: 'max-connections', message: `connection from ${ip} refused: ${this.maxConnections} connections already open` };
    }
    const at = this.now();
    let window = this.windows.get(ip);
    if (!window || at - window.startMs >= 60_000) {
      if (this.windows.size >= 100_000) this.prune(at);
      window = { startMs: at, count: 0 };
      this.windows.set(ip, window);
    }
    if (window.count >= this.connectsPerIpPerMinute) {
      return { admitted: false, reason: 'ip-rate-limited', message: `connection from ${ip} refused: more than ${this.connectsPerIpPerMinute} connections this minute` };
    }
    window.count++;
    this.open++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.open--;
      },
    };
  }

  private prune(at: number): void {
    for (const [ip, window] of this.windows) if (at - window.startMs >= 60_000) this.windows.delete(ip);
  }
}
