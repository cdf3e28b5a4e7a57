import type { Queryable } from '../database';
import { chunks } from '../statement-chunks';
import { toLocalTime } from './local-time';
import type { StoredReading } from './reading-row';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

interface Aggregate {
  deviceId: string;
  bucket: number | string;
  n: number;
  v: [sum: number, min: number, max: number];
  i: [sum: number, min: number, max: number];
  p: [sum: number, min: number, max: number];
  energyWh: number;
}

/** The aggregate columns every rollup table stores for one (device, bucket). */
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

/** Where a reading falls: UTC minute and hour buckets, and the site-local day. */
export function bucketsOf(tsMs: number, timeZone: string): Record<RollupTable, number | string> {
  return {
    rollup_minute: Math.floor(tsMs / MINUTE_MS) * MINUTE_MS,
    rollup_hour: Math.floor(tsMs / HOUR_MS) * HOUR_MS,
    rollup_day: toLocalTime(tsMs, timeZone).date,
  };
}

/** Folds newly stored readings into per-bucket aggregates for one rollup table. */
export function aggregate(readings: readonly StoredReading[], table: RollupTable, timeZone: string): Aggregate[] {
  const byKey = new Map<string, Aggregate>();
  for (const r of readings) {
    const bucket = bucketsOf(r.tsMs, timeZone)[table];
    const key = `${r.deviceId}\u0000${bucket}`;
    const agg = byKey.get(key);
    if (!agg) {
      byKey.set(key, {
        deviceId: r.deviceId,
        bucket,
        n: 1,
        v: [r.voltageV, r.voltageV, r.voltageV],
        i: [r.currentA, r.currentA, r.currentA],
        p: [r.powerW, r.powerW, r.powerW],
        energyWh: r.energyDeltaWh,
      });
      continue;
    }
    agg.n++;
    fold(agg.v, r.voltageV);
    fold(agg.i, r.currentA);
    fold(agg.p, r.powerW);
    agg.energyWh += r.energyDeltaWh;
  }
  return [...byKey.values()];
}

function fold(stat: [number, number, number], value: number): void {
  stat[0] += value;
  if (value < stat[1]) stat[1] = value;
  if (value > stat[2]) stat[2] = value;
}

/**
 * Adds aggregates to a rollup table in one statement. Only readings that were newly inserted reach
 * here (the caller filters redeliveries in the same transaction), so adding is idempotent per reading.
 */
export async function addToRollup(tx: Queryable, table: RollupTable, aggregates: readonly Aggregate[]): Promise<void> {
  if (aggregates.length === 0) return;
  const bucketColumn = table === 'rollup_day' ? 'day' : 'bucket_ms';
  const columns = ['device_id', bucketColumn, 'n', 'v_sum', 'v_min', 'v_max', 'i_sum', 'i_min', 'i_max', 'p_sum', 'p_min', 'p_max', 'energy_wh'];
  const { sql } = tx;
  const assignments: Record<string, string> = { n: `n + ${sql.incoming('n')}`, energy_wh: `energy_wh + ${sql.incoming('energy_wh')}` };
  for (const m of ['v', 'i', 'p']) {
    assignments[`${m}_sum`] = `${m}_sum + ${sql.incoming(`${m}_sum`)}`;
    assignments[`${m}_min`] = sql.least(`${m}_min`, sql.incoming(`${m}_min`));
    assignments[`${m}_max`] = sql.greatest(`${m}_max`, sql.incoming(`${m}_max`));
  }
  const row = `(${columns.map(() => '?').join(', ')})`;
  for (const chunk of chunks(aggregates)) {
    await tx.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => row).join(', ')} ${sql.onConflictUpdate(['device_id', bucketColumn], assignments)}`,
      chunk.flatMap((a) => [a.deviceId, a.bucket, a.n, ...a.v, ...a.i, ...a.p, a.energyWh]),
    );
  }
}

/** Moves energy into a bucket that already exists (a successor's share changed after a late reading). */
export async function adjustRollupEnergy(tx: Queryable, deviceId: string, tsMs: number, deltaWh: number, timeZone: string): Promise<void> {
  const buckets = bucketsOf(tsMs, timeZone);
  for (const table of ['rollup_minute', 'rollup_hour', 'rollup_day'] as const) {
    const bucketColumn = table === 'rollup_day' ? 'day' : 'bucket_ms';
    await tx.execute(`UPDATE ${table} SET energy_wh = energy_wh + ? WHERE device_id = ? AND ${bucketColumn} = ?`, [deltaWh, deviceId, buckets[table]]);
  }
}
