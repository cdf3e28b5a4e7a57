import type { Database } from '../database';
import { chunks } from '../statement-chunks';

/** One span of the site's UTC offset: from `fromMs` on, local time is UTC + `offsetMs`, until the next span. */
export interface OffsetSpan {
  fromMs: number;
  offsetMs: number;
}

const DAY_MS = 86_400_000;
/** Spans before this are not needed (no reading is older) and after it not yet (the zone rules would be guesses). */
const FIRST_MS = Date.UTC(1970, 0, 1);
const LAST_MS = Date.UTC(2100, 0, 1);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at an instant, in whole seconds (historic offsets such as -0:44:30 included). */
function offsetAt(tMs: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(tMs)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const seconds = Math.floor(tMs / 1000) * 1000;
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - seconds;
}

/**
 * The zone's offset spans from 1970 to 2100, from the IANA rules Node carries: a day-by-day walk,
 * each change pinned to its second by bisection. Intl's view is what `toLocalTime` uses, so the
 * database computes the same local date, weekday and time as the ingest did when it stored them.
 */
export function offsetSpans(timeZone: string): OffsetSpan[] {
  let current = offsetAt(FIRST_MS, timeZone);
  const spans: OffsetSpan[] = [{ fromMs: -8.64e15, offsetMs: current }];
  for (let t = FIRST_MS; t < LAST_MS; ) {
    const next = Math.min(t + DAY_MS, LAST_MS);
    if (offsetAt(next, timeZone) === current) {
      t = next;
      continue;
    }
    // The offset changed in (t, next]: find the first second of the new one.
    let lo = Math.floor(t / 1000);
    let hi = Math.floor(next / 1000);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid * 1000, timeZone) === current) lo = mid;
      else hi = mid;
    }
    current = offsetAt(hi * 1000, timeZone);
    spans.push({ fromMs: hi * 1000, offsetMs: current });
    t = hi * 1000;
  }
  return spans;
}

/**
 * Makes `site_time_offsets` hold the spans of `timeZone`, so the `data` view (and readers using
 * `localTimeColumns`) compute the site-local date, weekday and time from `ts_ms`: the rows no longer
 * store them (issue 15). Called by the ingest at start-up; a no-op when the zone is already there.
 */
export async function writeSiteTimeZone(db: Database, timeZone: string): Promise<boolean> {
  const [stored] = await db.query<{ zone: string; n: number }>('SELECT MIN(zone) AS zone, COUNT(DISTINCT zone) AS n FROM site_time_offsets');
  if (stored && stored.zone === timeZone && Number(stored.n) === 1) return false;
  const spans = offsetSpans(timeZone);
  await db.transaction(async (tx) => {
    await tx.execute('DELETE FROM site_time_offsets');
    for (const chunk of chunks(spans)) {
      await tx.execute(
        `INSERT INTO site_time_offsets (from_ms, offset_ms, zone) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        chunk.flatMap((s) => [s.fromMs, s.offsetMs, timeZone]),
      );
    }
  });
  return true;
}
