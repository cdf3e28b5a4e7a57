import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * pino, JSON by default (one line per event, for log shippers). Secrets are redacted by path,
 * and anything that may carry a URL with a key in it must go through `redactUrl` first.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: {
      paths: ['password', '*.password', 'secret', '*.secret', 'apikey', '*.apikey', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}

/** Replaces the values of secret-bearing query parameters and any URL password. */
export function redactUrl(raw: string, secretParams = ['apikey', 'api_key', 'token', 'key', 'password']): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    for (const name of [...url.searchParams.keys()]) {
      if (secretParams.includes(name.toLowerCase())) url.searchParams.set(name, '[redacted]');
    }
    return url.toString();
  } catch {
    return raw.replace(/((?:apikey|api_key|token|password)=)[^&\s]+/gi, '$1[redacted]');
  }
}

/** Logs at most one line per `key` per interval; the rest are counted and reported with the next line. */
export class RateLimitedLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();
  constructor(private readonly intervalMs = 10_000, private readonly now: () => number = Date.now) {}

  /** Returns the number of suppressed repeats to report, or null if this line should be dropped. */
  allow(key: string): number | null {
    const entry = this.last.get(key);
    const at = this.now();
    if (entry && at - entry.at < this.intervalMs) {
      entry.suppressed++;
      return null;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.last.set(key, { at, suppressed: 0 });
    if (this.last.size > 10_000) this.last.delete(this.last.keys().next().value as string);
    return suppressed;
  }
}
