import { localDateOf, startOfLocalDayMs, toLocalTime } from './local-time';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * The aggregate columns every rollup table stores for one (device, bucket).
 * A bucket can hold energy but no reading (n = 0: it lies inside an interval between two readings);
 * its minimum and maximum columns are then NULL in the database.
 */
export interface RollupColumns {
  n: number;
  v_sum: number;
  v_min: number;
  v_max: number;
  i_sum: number;
  i_min: number;
  i_max: number;
  p_sum: number;
  p_min: number;
  p_max: number;
  energy_wh: number;
}

export type RollupTable = 'rollup_minute' | 'rollup_hour' | 'rollup_day';

export const ROLLUP_TABLES: readonly RollupTable[] = ['rollup_minute', 'rollup_hour', 'rollup_day'];

/** Where a reading falls: UTC minute and hour buckets, and the site-local day. */
export function bucketsOf(tsMs: number, timeZone: string): Record<RollupTable, number | string> {
  return {
    rollup_minute: Math.floor(tsMs / MINUTE_MS) * MINUTE_MS,
    rollup_hour: Math.floor(tsMs / HOUR_MS) * HOUR_MS,
    rollup_day: localDateOf(tsMs, timeZone),
  };
}

type Share = (bucket: number | string, wh: number) => void;

/**
 * Spreads `wh`, used evenly over (fromMs, toMs], over the buckets of one table in proportion to the
 * time the interval spends in each. The shares add up to `wh` exactly (the last takes the rest).
 * An empty interval puts it all in the bucket of `toMs`. Most intervals (1 s) touch one bucket.
 */
export function spreadEnergy(wh: number, fromMs: number, toMs: number, table: RollupTable, timeZone: string, share: Share): void {
  if (toMs <= fromMs) return share(bucketsOf(toMs, timeZone)[table], wh);
  if (table === 'rollup_day') return spreadOverDays(wh, fromMs, toMs, timeZone, share);
  const size = table === 'rollup_minute' ? MINUTE_MS : HOUR_MS;
  const first = Math.floor(fromMs / size) * size; // the bucket of the instants just after fromMs
  if (first + size >= toMs) return share(first, wh);
  let rest = wh;
  for (let start = first; ; start += size) {
    const end = start + size;
    if (end >= toMs) return share(start, rest);
    const part = (wh * (end - Math.max(start, fromMs))) / (toMs - fromMs);
    share(start, part);
    rest -= part;
  }
}

function spreadOverDays(wh: number, fromMs: number, toMs: number, timeZone: string, share: Share): void {
  let day = toLocalTime(fromMs, timeZone).date;
  const lastDay = toLocalTime(toMs - 1, timeZone).date; // timestamps are whole milliseconds
  if (day === lastDay) return share(day, wh);
  let rest = wh;
  let cursor = fromMs;
  while (day < lastDay) {
    const next = addDays(day, 1);
    const end = Math.min(toMs, Math.max(cursor, startOfLocalDayMs(next, timeZone)));
    const part = (wh * (end - cursor)) / (toMs - fromMs);
    share(day, part);
    rest -= part;
    cursor = end;
    day = next;
  }
  share(lastDay, rest);
}

/** `YYYY-MM-DD` plus `days` on the calendar. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
