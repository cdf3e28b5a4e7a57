import type { Database, SqlParam } from '../../database';
import type { TimeRange } from './rollup-reads';

/** The energy of one UTC rollup bucket, summed over the devices asked for. */
export interface BucketEnergy {
  bucket_ms: number;
  wh: number;
}

/** Devices per statement. */
const DEVICE_CHUNK = 200;
/** Device x time ranges per statement: each pair is one index range for the optimizer to keep. */
const RANGES_PER_STATEMENT = 2_000;

const chunked = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Energy sums from the minute and hour rollups (the /energy answers; `rollupReads` says which buckets). */
export class RollupEnergyReads {
  constructor(private readonly db: Database) {}

  /**
   * Wh per bucket of a UTC rollup, for the buckets starting inside any of `ranges`, summed over the
   * devices (null: every device), in time order. Every statement names its devices, so each range
   * is an index range scan of the (device_id, bucket_ms) key, also for the whole site.
   */
  async energy(table: 'rollup_minute' | 'rollup_hour', deviceIds: readonly string[] | null, ranges: readonly TimeRange[]): Promise<BucketEnergy[]> {
    if (ranges.length === 0) return [];
    const devices = deviceIds ?? (await this.db.query<{ device_id: string }>('SELECT DISTINCT device_id FROM rollup_day')).map((r) => r.device_id);
    const byBucket = new Map<number, number>();
    for (const deviceChunk of chunked(devices, DEVICE_CHUNK)) {
      for (const rangeChunk of chunked(ranges, Math.max(1, Math.floor(RANGES_PER_STATEMENT / deviceChunk.length)))) {
        const params: SqlParam[] = [...deviceChunk, ...rangeChunk.flatMap((r) => [r.from, r.to])];
        const rows = await this.db.query<BucketEnergy>(
          `SELECT bucket_ms, SUM(energy_wh) AS wh FROM ${table}
           WHERE device_id IN (${deviceChunk.map(() => '?').join(', ')}) AND (${rangeChunk.map(() => '(bucket_ms >= ? AND bucket_ms < ?)').join(' OR ')})
           GROUP BY bucket_ms`,
          params,
        );
        for (const row of rows) byBucket.set(Number(row.bucket_ms), (byBucket.get(Number(row.bucket_ms)) ?? 0) + Number(row.wh));
      }
    }
    return [...byBucket].map(([bucket_ms, wh]) => ({ bucket_ms, wh })).sort((a, b) => a.bucket_ms - b.bucket_ms);
  }
}
