import { startOfLocalDayMs, toLocalTime } from '@energy/db';

const DAY_MS = 86_400_000;

export interface VirtualStartOptions {
  realNowMs: number;
  /** The run's virtual length. */
  durationMs: number;
  /** Where in the run a site-local midnight should fall, so every run splits a day (and its hours). */
  midnightAtMs: number;
  timeZone: string;
  /** The ingest's MAX_READING_AGE_MS: older device timestamps are replaced by the receive time. */
  maxReadingAgeMs?: number;
  /** Distance kept from the real clock and from the age limit. */
  safetyMs?: number;
}

/**
 * The virtual start: the latest site-local midnight that lets the whole run end before the real
 * clock, minus `midnightAtMs`. The run then lies in the recent past, well inside the accepted age.
 */
export function chooseVirtualStart(o: VirtualStartOptions): number {
  const maxAge = o.maxReadingAgeMs ?? 7 * DAY_MS;
  const safety = o.safetyMs ?? 3_600_000;
  if (o.midnightAtMs < 0 || o.midnightAtMs > o.durationMs) throw new Error('midnightAtMs must lie within the run');
  for (let daysBack = 0; daysBack <= Math.ceil(maxAge / DAY_MS) + 1; daysBack++) {
    const midnight = startOfLocalDayMs(toLocalTime(o.realNowMs - daysBack * DAY_MS, o.timeZone).date, o.timeZone);
    const start = midnight - Math.round(o.midnightAtMs);
    if (start + o.durationMs > o.realNowMs - safety) continue;
    if (start < o.realNowMs - maxAge + safety) break;
    return start;
  }
  throw new Error(`a run of ${(o.durationMs / 3_600_000).toFixed(1)} h does not fit inside the ingest's accepted reading age`);
}
