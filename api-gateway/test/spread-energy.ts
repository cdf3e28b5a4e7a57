import { startOfLocalDayMs, toLocalTime, type Database } from '@energy/db';

/** The bucket holding an instant: its key and where it ends. */
export type BucketOf = (tsMs: number) => { key: number | string; end: number };

export const utcBuckets =
  (sizeMs: number): BucketOf =>
  (ts) => {
    const start = Math.floor(ts / sizeMs) * sizeMs;
    return { key: start, end: start + sizeMs };
  };

export const localDays =
  (timeZone: string): BucketOf =>
  (ts) => {
    const date = toLocalTime(ts, timeZone).date;
    const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { key: date, end: startOfLocalDayMs(next, timeZone) };
  };

/**
 * The reference for rollup energy, computed from the raw table: each reading's energy belongs to
 * the interval (energy_from_ms, ts_ms] that ends at it and is spread linearly over the buckets
 * that interval covers (all of it at ts_ms when it has no interval). Wh per bucket key.
 */
export async function spreadEnergy(db: Database, deviceId: string, bucketOf: BucketOf): Promise<Map<number | string, number>> {
  const rows = await db.query<{ from_ms: number | null; ts_ms: number; wh: number }>(
    'SELECT energy_from_ms AS from_ms, ts_ms, energy_delta_wh AS wh FROM readings WHERE device_id = ? ORDER BY ts_ms',
    [deviceId],
  );
  const out = new Map<number | string, number>();
  const add = (key: number | string, wh: number) => out.set(key, (out.get(key) ?? 0) + wh);
  for (const r of rows) {
    const to = Number(r.ts_ms);
    const from = r.from_ms === null ? to : Number(r.from_ms);
    const wh = Number(r.wh);
    if (from >= to) {
      add(bucketOf(to).key, wh);
      continue;
    }
    for (let t = from; t < to; ) {
      const bucket = bucketOf(t);
      const end = Math.min(bucket.end, to);
      add(bucket.key, (wh * (end - t)) / (to - from));
      t = end;
    }
  }
  return out;
}
