import { startOfLocalDayMs, toLocalTime } from '@energy/db';

export type Period = 'hour' | 'day' | 'week' | 'month';

export interface PeriodBucket {
  start: number;
  end: number;
  label: string;
  /**
   * How many daily standing charges this bucket carries: the site-local days it overlaps in the
   * requested range, or for an hour the share of its local day(s) it covers in the range, so the
   * hours of a 23- or 25-hour day add up to exactly one day.
   */
  chargeableDays: number;
}

const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` plus `days`, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0

function firstDay(period: Exclude<Period, 'hour'>, date: string): string {
  if (period === 'day') return date;
  if (period === 'week') return addDays(date, -weekday(date));
  return `${date.slice(0, 7)}-01`;
}

function nextFirstDay(period: Exclude<Period, 'hour'>, first: string): string {
  if (period === 'day') return addDays(first, 1);
  if (period === 'week') return addDays(first, 7);
  const [y, m] = first.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * The buckets that cover [from, to): UTC hours (local hours wherever the zone's offset is whole
 * hours), or site-local days, weeks (Monday first) and months, right across DST changes.
 */
export function periodBuckets(period: Period, fromMs: number, toMs: number, timeZone: string): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  if (period === 'hour') {
    for (let start = Math.floor(fromMs / HOUR_MS) * HOUR_MS; start < toMs; start += HOUR_MS) {
      const local = toLocalTime(start, timeZone);
      const end = start + HOUR_MS;
      const chargeableDays = shareOfLocalDays(Math.max(start, fromMs), Math.min(end, toMs), timeZone);
      buckets.push({ start, end, label: `${local.date} ${local.time.slice(0, 5)}`, chargeableDays });
    }
    return buckets;
  }
  const rangeStartDay = toLocalTime(fromMs, timeZone).date;
  const lastDay = toLocalTime(toMs - 1, timeZone).date;
  for (let first = firstDay(period, rangeStartDay); first <= lastDay; first = nextFirstDay(period, first)) {
    const next = nextFirstDay(period, first);
    let chargeableDays = 0;
    for (let day = first < rangeStartDay ? rangeStartDay : first; day < next && day <= lastDay; day = addDays(day, 1)) chargeableDays++;
    buckets.push({
      start: startOfLocalDayMs(first, timeZone),
      end: startOfLocalDayMs(next, timeZone),
      label: period === 'month' ? first.slice(0, 7) : first,
      chargeableDays,
    });
  }
  return buckets;
}

/** The time in [fromMs, toMs) as a number of site-local days: each part divided by the length of its own day. */
export function shareOfLocalDays(fromMs: number, toMs: number, timeZone: string): number {
  let share = 0;
  for (let t = fromMs; t < toMs; ) {
    const date = toLocalTime(t, timeZone).date;
    const dayStart = startOfLocalDayMs(date, timeZone);
    const dayEnd = startOfLocalDayMs(addDays(date, 1), timeZone);
    const partEnd = Math.min(toMs, dayEnd);
    share += (partEnd - t) / (dayEnd - dayStart);
    t = partEnd;
  }
  return share;
}

/** The UTC instants where the site-local day, and month, containing `nowMs` start and end. */
export function localDayAndMonth(nowMs: number, timeZone: string) {
  const today = toLocalTime(nowMs, timeZone).date;
  const monthFirst = `${today.slice(0, 7)}-01`;
  const nextMonthFirst = nextFirstDay('month', monthFirst);
  let daysInMonth = 0;
  for (let d = monthFirst; d < nextMonthFirst; d = addDays(d, 1)) daysInMonth++;
  return {
    today,
    dayStart: startOfLocalDayMs(today, timeZone),
    dayEnd: startOfLocalDayMs(addDays(today, 1), timeZone),
    monthStart: startOfLocalDayMs(monthFirst, timeZone),
    monthEnd: startOfLocalDayMs(nextMonthFirst, timeZone),
    daysInMonth,
    /** Local days of this month up to and including today. */
    dayOfMonth: Number(today.slice(8, 10)),
  };
}
