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
// UTC minute; the seconds carry over unchanged. This is on the ingest's hot path.
const minuteCache = new Map<string, { date: string; day: string; hhmm: string }>();

/** Converts with the IANA rules, so days stay right across DST changes (23 and 25 hour days). */
export function toLocalTime(tsMs: number, timeZone: string): LocalTime {
  const minute = Math.floor(tsMs / 60_000);
  const key = `${timeZone}|${minute}`;
  let cached = minuteCache.get(key);
  if (!cached) {
    const parts: Record<string, string> = {};
    for (const part of formatterFor(timeZone).formatToParts(minute * 60_000)) parts[part.type] = part.value;
    cached = { date: `${parts.year}-${parts.month}-${parts.day}`, day: parts.weekday!, hhmm: `${parts.hour}:${parts.minute}` };
    if (minuteCache.size >= 4096) minuteCache.clear();
    minuteCache.set(key, cached);
  }
  const seconds = Math.floor((tsMs - minute * 60_000) / 1000);
  return { date: cached.date, day: cached.day, time: `${cached.hhmm}:${seconds < 10 ? '0' : ''}${seconds}` };
}

/** The UTC instant at which the site-local day `date` (YYYY-MM-DD) starts. */
export function startOfLocalDayMs(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Start from UTC midnight and correct by the zone's offset; a second pass settles DST edges.
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const local = toLocalTime(guess, timeZone);
    const [hh, mm, ss] = local.time.split(':').map(Number) as [number, number, number];
    const [ly, lm, ld] = local.date.split('-').map(Number) as [number, number, number];
    const shownAsUtc = Date.UTC(ly, lm - 1, ld, hh, mm, ss);
    guess += Date.UTC(y, m - 1, d) - shownAsUtc;
  }
  return guess;
}
