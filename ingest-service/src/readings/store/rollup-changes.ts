import { bucketsOf, chunks, ROLLUP_TABLES, spreadEnergy, type Queryable, type RollupTable } from '@energy/db';
import { sqlNumber, sqlNumberOrNull, sqlText } from './sql-literal';
import type { StoredReading } from './stored-reading';

const MINUTE_MS = 60_000;

interface Aggregate {
  deviceId: string;
  bucket: number | string;
  n: number;
  /** [sum, min, max]; min and max are null while the bucket has energy but no reading. */
  v: Stat;
  i: Stat;
  p: Stat;
  energyWh: number;
  /**
   * The minute aggregate of the reading that made this hour or day aggregate: while both hold that
   * one reading alone (n = 1, the same energy), their rows say the same after the bucket, and the
   * text written for the minute is reused (at 1 reading per device per batch, every row is so).
   */
  twin?: Aggregate;
  /** This aggregate's row text after the bucket, once written. */
  body?: string;
}
type Stat = [sum: number, min: number | null, max: number | null];

/**
 * What one transaction adds to the rollups: each new reading's measurements in its own buckets, and
 * energy spread over the buckets of its interval (also negative shares, when a late reading re-splits
 * its successor's interval). Written with one upsert per table and chunk.
 */
export class RollupChanges {
  private readonly byTable = new Map<RollupTable, Map<string, Aggregate>>(ROLLUP_TABLES.map((t) => [t, new Map()]));
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
      aggregates = ROLLUP_TABLES.map((table) => this.aggregate(table, r.deviceId, buckets[table]));
      for (let k = 1; k < aggregates.length; k++) aggregates[k]!.twin = aggregates[0];
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
    for (const table of ROLLUP_TABLES) {
      spreadEnergy(wh, fromMs, toMs, table, this.timeZone, (bucket, part) => {
        this.aggregate(table, deviceId, bucket).energyWh += part;
      });
    }
  }

  /**
   * Adds everything to the rollup tables. Only changes of newly stored rows reach here, so this is
   * exactly once per reading. Minutes first: the hour and day rows reuse their text (`twin`).
   */
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
  for (const chunk of chunks(aggregates, 2_500)) {
    const rows = chunk.map((a) => `(${sqlText(a.deviceId)},${bucket(a.bucket)},${bodyOf(a)})`);
    await tx.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.join(',')} ${tail}`);
  }
}

/** The row after the bucket: n, the measurement stats, energy. */
function bodyOf(a: Aggregate): string {
  const twin = a.twin;
  if (a.n === 1 && twin !== undefined && twin.n === 1 && twin.energyWh === a.energyWh && twin.body !== undefined) return (a.body = twin.body);
  return (a.body = `${a.n},${statText(a.v, a.n)},${statText(a.i, a.n)},${statText(a.p, a.n)},${sqlNumber(a.energyWh)}`);
}

/** sum, min, max; of one reading they are that reading's value (0 + x is x), so it is formatted once. */
function statText([sum, min, max]: Stat, n: number): string {
  if (n === 1 && min !== null) {
    const value = sqlNumber(sum);
    return `${value},${value},${value}`;
  }
  return `${sqlNumber(sum)},${sqlNumberOrNull(min)},${sqlNumberOrNull(max)}`;
}
