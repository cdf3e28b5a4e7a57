import type { Queryable } from '../database';
import { chunks } from '../statement-chunks';
import { sqlNumber, sqlNumberOrNull, sqlText } from './sql-literal';
import { localDateOf, startOfLocalDayMs, toLocalTime } from './local-time';
import type { StoredReading } from './reading-row';

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

const TABLES: readonly RollupTable[] = ['rollup_minute', 'rollup_hour', 'rollup_day'];

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

interface Aggregate {
  deviceId: string;
  bucket: number | string;
  n: number;
  /** [sum, min, max]; min and max are null while the bucket has energy but no reading. */
  v: Stat;
  i: Stat;
  p: Stat;
  energyWh: number;
}
type Stat = [sum: number, min: number | null, max: number | null];

/**
 * What one transaction adds to the rollups: each new reading's measurements in its own buckets, and
 * energy spread over the buckets of its interval (also negative shares, when a late reading re-splits
 * its successor's interval). Written with one upsert per table and chunk.
 */
export class RollupChanges {
  private readonly byTable = new Map<RollupTable, Map<string, Aggregate>>(TABLES.map((t) => [t, new Map()]));
  /** The aggregates the last reading went to: a device's readings come one after another, mostly in one minute. */
  private last: { deviceId: string; minute: number; aggregates: Aggregate[] } | null = null;

  constructor(private readonly timeZone: string) {}

  /** A newly stored reading: its measurements, and its energy over (energyFromMs, tsMs]. */
  addReading(r: StoredReading): void {
    const minute = Math.floor(r.tsMs / MINUTE_MS);
    // The common case (1 s intervals): the interval lies in the reading's own minute, so in its hour
    // and local day too (zone offsets are whole minutes), and its energy goes where its measurements go.
    const sameMinute = Math.floor(r.energyFromMs / MINUTE_MS) === minute && r.energyFromMs < r.tsMs;
    let aggregates: Aggregate[];
    if (this.last && this.last.deviceId === r.deviceId && this.last.minute === minute) {
      aggregates = this.last.aggregates;
    } else {
      const buckets = bucketsOf(r.tsMs, this.timeZone);
      aggregates = TABLES.map((table) => this.aggregate(table, r.deviceId, buckets[table]));
      this.last = { deviceId: r.deviceId, minute, aggregates };
    }
    for (const agg of aggregates) {
      agg.n++;
      fold(agg.v, r.voltageV);
      fold(agg.i, r.currentA);
      fold(agg.p, r.powerW);
      if (sameMinute) agg.energyWh += r.energyDeltaWh;
    }
    if (!sameMinute) this.addEnergy(r.deviceId, r.energyDeltaWh, r.energyFromMs, r.tsMs);
  }

  /** Energy (may be negative) used evenly over (fromMs, toMs]. */
  addEnergy(deviceId: string, wh: number, fromMs: number, toMs: number): void {
    if (wh === 0) return;
    for (const table of TABLES) {
      spreadEnergy(wh, fromMs, toMs, table, this.timeZone, (bucket, part) => {
        this.aggregate(table, deviceId, bucket).energyWh += part;
      });
    }
  }

  /** Adds everything to the rollup tables. Only changes of newly stored rows reach here, so this is exactly once per reading. */
  async write(tx: Queryable): Promise<void> {
    for (const [table, aggregates] of this.byTable) await upsert(tx, table, [...aggregates.values()]);
  }

  private aggregate(table: RollupTable, deviceId: string, bucket: number | string): Aggregate {
    const aggregates = this.byTable.get(table)!;
    const key = `${deviceId}\u0000${bucket}`;
    let agg = aggregates.get(key);
    if (!agg) {
      agg = { deviceId, bucket, n: 0, v: [0, null, null], i: [0, null, null], p: [0, null, null], energyWh: 0 };
      aggregates.set(key, agg);
    }
    return agg;
  }
}

function fold(stat: Stat, value: number): void {
  stat[0] += value;
  if (stat[1] === null || value < stat[1]) stat[1] = value;
  if (stat[2] === null || value > stat[2]) stat[2] = value;
}

async function upsert(tx: Queryable, table: RollupTable, aggregates: readonly Aggregate[]): Promise<void> {
  if (aggregates.length === 0) return;
  const bucketColumn = table === 'rollup_day' ? 'day' : 'bucket_ms';
  const columns = ['device_id', bucketColumn, 'n', 'v_sum', 'v_min', 'v_max', 'i_sum', 'i_min', 'i_max', 'p_sum', 'p_min', 'p_max', 'energy_wh'];
  const { sql } = tx;
  const assignments: Record<string, string> = { n: `n + ${sql.incoming('n')}`, energy_wh: `energy_wh + ${sql.incoming('energy_wh')}` };
  for (const m of ['v', 'i', 'p']) {
    assignments[`${m}_sum`] = `${m}_sum + ${sql.incoming(`${m}_sum`)}`;
    // Either side may be NULL (a bucket with energy but no reading yet, or energy arriving alone).
    for (const [column, pick] of [[`${m}_min`, sql.least], [`${m}_max`, sql.greatest]] as const) {
      const incoming = sql.incoming(column);
      assignments[column] = pick(`COALESCE(${column}, ${incoming})`, `COALESCE(${incoming}, ${column})`);
    }
  }
  const tail = sql.onConflictUpdate(['device_id', bucketColumn], assignments);
  // Literals, as for the readings themselves (sql-literal.ts).
  const bucket = (b: number | string) => (typeof b === 'number' ? sqlNumber(b) : sqlText(b));
  const stat = ([sum, min, max]: Stat) => `${sqlNumber(sum)},${sqlNumberOrNull(min)},${sqlNumberOrNull(max)}`;
  for (const chunk of chunks(aggregates, 2_500)) {
    const rows = chunk.map((a) => `(${sqlText(a.deviceId)},${bucket(a.bucket)},${a.n},${stat(a.v)},${stat(a.i)},${stat(a.p)},${sqlNumber(a.energyWh)})`);
    await tx.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.join(',')} ${tail}`);
  }
}
