/** Site-local calendar fields for a UTC instant, as the seed's `data` table and day rollups use them. */
export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** Weekday name, e.g. Friday */
  day: string;
  /** HH:MM:SS (24 h) */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Every zone offset is a whole number of minutes, so the local minute only needs Intl once per
// UTC minute; the seconds carry over unchanged. This is on the ingest's hot path (each reading's day
// bucket), so the cache is keyed by the minute's number, per zone, without building a string.
interface LocalMinute {
  date: string;
  day: string;
  hhmm: string;
}
const minuteCaches = new Map<string, Map<number, LocalMinute>>();

function localMinute(minute: number, timeZone: string): LocalMinute {
  let cache = minuteCaches.get(timeZone);
  if (!cache) {
    cache = new Map();
    minuteCaches.set(timeZone, cache);
  }
  let cached = cache.get(minute);
  if (!cached) {
    const parts: Record<string, string> = {};
    for (const part of formatterFor(timeZone).formatToParts(minute * 60_000)) parts[part.type] = part.value;
    cached = { date: `${parts.year}-${parts.month}-${parts.day}`, day: parts.weekday!, hhmm: `${parts.hour}:${parts.minute}` };
    if (cache.size >= 4096) cache.clear();
    cache.set(minute, cached);
  }
  return cached;
}

/** Converts with the IANA rules, so days stay right across DST changes (23 and 25 hour days). */
export function toLocalTime(tsMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(tsMs / 60_000);
  const cached = localMinute(minute, timeZone);
  const seconds = Math.floor((tsMs - minute * 60_000) / 1000);
  return { date: cached.date, day: cached.day, time: `${cached.hhmm}:${seconds < 10 ? '0' : ''}${seconds}` };
}

/** The site-local date (YYYY-MM-DD) of a UTC instant: `toLocalTime(tsMs, timeZone).date`, without the time. */
export function localDateOf(tsMs: number, timeZone: string): string {
  return localMinute(Math.floor(tsMs / 60_000), timeZone).date;
}

const MINUTE_MS = 60_000;
const dayStarts = new Map<string, number>();

/**
 * The UTC instant at which the site-local day `date` (YYYY-MM-DD) starts: its first instant, which is
 * not 00:00 where the clocks jump from 00:00 to 01:00 (Santiago, Havana, Asunción). A day the
 * calendar skipped (Samoa, 2011-12-30) starts where the next one does.
 */
export function startOfLocalDayMs(date: string, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = findDayStart(date, timeZone);
    if (dayStarts.size >= 4096) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

function findDayStart(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // Usually local midnight exists: correct UTC midnight by the zone's offset, twice to settle DST.
  let guess = midnightAsUtc;
  for (let i = 0; i < 2; i++) {
    const local = toLocalTime(guess, timeZone);
    const [hh, mm, ss] = local.time.split(':').map(Number) as [number, number, number];
    const [ly, lm, ld] = local.date.split('-').map(Number) as [number, number, number];
    guess += midnightAsUtc - Date.UTC(ly, lm - 1, ld, hh, mm, ss);
  }
  const isStart = (t: number) => toLocalTime(t, timeZone).date >= date && toLocalTime(t - MINUTE_MS, timeZone).date < date;
  if (isStart(guess)) return guess;
  // Midnight was skipped (or the guess fell in a repeated hour): the day starts at the first minute
  // whose local date is `date` or later. Offsets lie within -12..+14 h and are whole minutes, and
  // the local date never goes backwards as time runs, so a binary search over minutes finds it.
  let lo = midnightAsUtc / MINUTE_MS - 15 * 60; // local date surely before `date`
  let hi = midnightAsUtc / MINUTE_MS + 15 * 60; // surely `date` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (toLocalTime(mid * MINUTE_MS, timeZone).date >= date) hi = mid;
    else lo = mid;
  }
  return hi * MINUTE_MS;
}
