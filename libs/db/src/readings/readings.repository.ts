import type { Database, Queryable, SqlParam } from '../database';
import { chunks } from '../statement-chunks';
import { DEFAULT_ENERGY_OPTIONS, energyDeltaWh, type EnergyOptions, type EnergySample } from './energy';
import { toLocalTime } from './local-time';
import { orderKey, type InsertOutcome, type NewReading, type StoredReading } from './reading-row';
import { addToRollup, adjustRollupEnergy, aggregate } from './rollup-buckets';

const COLUMNS = [
  'device_id', 'seq', 'ts_ms', 'ts_source', 'received_ms', 'voltage_v', 'current_a', 'power_w', 'power_kind',
  'apparent_power_va', 'power_factor', 'energy_counter_wh', 'energy_delta_wh', 'local_date', 'local_day', 'local_time',
];

interface LastReading extends EnergySample {
  key: number;
}

interface NeighbourRow {
  id: number;
  seq: number | null;
  ts_ms: number;
  power_w: number;
  energy_counter_wh: number | null;
  energy_delta_wh: number;
}

const toSample = (r: NewReading): EnergySample => ({ tsMs: r.tsMs, powerW: r.powerW, counterWh: r.energyCounterWh });
const rowSample = (row: NeighbourRow): EnergySample => ({ tsMs: Number(row.ts_ms), powerW: row.power_w, counterWh: row.energy_counter_wh });

/**
 * The ingest's write path: readings and their rollups, in one transaction per batch.
 *
 * Exactly once: redeliveries are found and skipped inside the transaction, and the UNIQUE
 * (device_id, seq) key turns any race into a failed transaction that the caller retries.
 * Rollups are only ever added to for newly inserted rows, so they stay right under redelivery.
 *
 * The last stored reading of each device is cached (energy deltas chain from it); this process
 * must be the only writer for a device, which the shared subscription guarantees.
 */
export class ReadingsRepository {
  private readonly lastByDevice = new Map<string, LastReading>();

  constructor(
    private readonly db: Database,
    private readonly timeZone: string,
    private readonly energyOptions: EnergyOptions = DEFAULT_ENERGY_OPTIONS,
  ) {}

  async insertBatch(batch: readonly NewReading[]): Promise<InsertOutcome> {
    const pendingLast = new Map<string, LastReading>();
    let outcome: InsertOutcome;
    try {
      outcome = await this.db.transaction(async (tx) => {
        const uncached = new Set(batch.filter((r) => r.seq !== null && !this.lastByDevice.has(r.deviceId)).map((r) => r.deviceId));
        const loaded = await this.loadLastSequenced(tx, [...uncached]);
        const lastOf = (deviceId: string) => this.lastByDevice.get(deviceId) ?? loaded.get(deviceId);
        const { fresh, duplicates } = await this.splitDuplicates(tx, batch, lastOf);
        const inserted: StoredReading[] = [];
        const appendable: StoredReading[] = [];
        for (const [deviceId, readings] of groupByDevice(fresh)) {
          readings.sort((a, b) => orderKey(a) - orderKey(b));
          const last = lastOf(deviceId) ?? (readings[0]!.seq === null ? await this.loadLastLegacy(tx, deviceId) : null);
          const late = last ? readings.filter((r) => orderKey(r) < last.key) : [];
          const inOrder = last ? readings.filter((r) => orderKey(r) >= last.key) : readings;
          for (const r of late) inserted.push(await this.insertLate(tx, r));
          let previous: EnergySample | null = last;
          for (const r of inOrder) {
            inserted.push({ ...r, energyDeltaWh: energyDeltaWh(previous, toSample(r), this.energyOptions) });
            previous = toSample(r);
          }
          const newest = inOrder.at(-1);
          if (newest) pendingLast.set(deviceId, { ...toSample(newest), key: orderKey(newest) });
          else if (last) pendingLast.set(deviceId, last);
          appendable.push(...inserted.slice(inserted.length - inOrder.length));
        }
        // Multi-row INSERTs for every in-order reading of the batch.
        await this.insertRows(tx, appendable);
        for (const table of ['rollup_minute', 'rollup_hour', 'rollup_day'] as const) {
          await addToRollup(tx, table, aggregate(inserted, table, this.timeZone));
        }
        return { inserted, duplicates };
      });
    } catch (err) {
      // Perhaps another writer stored some of these (the UNIQUE key refused them): what we cached
      // for these devices can no longer vouch for what is stored, so the retry re-reads it.
      for (const r of batch) this.lastByDevice.delete(r.deviceId);
      throw err;
    }
    for (const [deviceId, last] of pendingLast) this.lastByDevice.set(deviceId, last);
    return outcome;
  }

  /** Deletes raw readings older than the cutoff in chunks; rollups are kept for ever. */
  async deleteRawBefore(cutoffMs: number, chunk = 5_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await this.db.query<{ id: number }>('SELECT id FROM readings WHERE ts_ms < ? ORDER BY ts_ms LIMIT ?', [cutoffMs, chunk]);
      if (ids.length === 0) return deleted;
      const { affectedRows } = await this.db.execute(`DELETE FROM readings WHERE id IN (${ids.map(() => '?').join(', ')})`, ids.map((r) => r.id));
      deleted += affectedRows;
    }
  }

  /** Forgets cached device state, e.g. after another writer may have touched the device. */
  forgetDevice(deviceId: string): void {
    this.lastByDevice.delete(deviceId);
  }

  /**
   * Separates redeliveries from new readings. A sequenced reading newer than its device's last
   * stored one cannot be stored yet (this process is the device's only writer), so only older
   * ones, the re-sends, are looked up: a burst of new readings costs no query at all.
   */
  private async splitDuplicates(
    tx: Queryable,
    batch: readonly NewReading[],
    lastOf: (deviceId: string) => LastReading | undefined,
  ): Promise<{ fresh: NewReading[]; duplicates: NewReading[] }> {
    const toCheck = batch.filter((r) => r.seq !== null && r.seq <= (lastOf(r.deviceId)?.key ?? -Infinity));
    const stored = new Set<string>();
    for (const chunk of chunks(toCheck)) {
      const rows = await tx.query<{ device_id: string; seq: number }>(
        `SELECT device_id, seq FROM readings WHERE (device_id, seq) IN (${chunk.map(() => '(?, ?)').join(', ')})`,
        chunk.flatMap((r) => [r.deviceId, r.seq]),
      );
      for (const row of rows) stored.add(`${row.device_id}\u0000${Number(row.seq)}`);
    }
    const fresh: NewReading[] = [];
    const duplicates: NewReading[] = [];
    const seen = new Set<string>();
    for (const r of batch) {
      const key = r.seq === null ? null : `${r.deviceId}\u0000${r.seq}`;
      if (key !== null && (stored.has(key) || seen.has(key))) {
        duplicates.push(r);
        continue;
      }
      if (key !== null) seen.add(key); // the same seq twice in one batch
      fresh.push(r);
    }
    return { fresh, duplicates };
  }

  /** The newest stored reading of each device not yet cached, in one query (a burst of new devices). */
  private async loadLastSequenced(tx: Queryable, deviceIds: string[]): Promise<Map<string, LastReading>> {
    const found = new Map<string, LastReading>();
    for (const chunk of chunks(deviceIds)) {
      const rows = await tx.query<NeighbourRow & { device_id: string }>(
        `SELECT r.device_id, r.id, r.seq, r.ts_ms, r.power_w, r.energy_counter_wh, r.energy_delta_wh FROM readings r
         JOIN (SELECT device_id, MAX(seq) AS seq FROM readings WHERE device_id IN (${chunk.map(() => '?').join(', ')}) AND seq IS NOT NULL GROUP BY device_id) newest
           ON r.device_id = newest.device_id AND r.seq = newest.seq`,
        chunk,
      );
      for (const row of rows) found.set(row.device_id, { ...rowSample(row), key: Number(row.seq) });
    }
    return found;
  }

  private async loadLastLegacy(tx: Queryable, deviceId: string): Promise<LastReading | null> {
    const [row] = await tx.query<NeighbourRow>(
      'SELECT id, seq, ts_ms, power_w, energy_counter_wh, energy_delta_wh FROM readings WHERE device_id = ? AND seq IS NULL ORDER BY ts_ms DESC LIMIT 1',
      [deviceId],
    );
    return row ? { ...rowSample(row), key: Number(row.ts_ms) } : null;
  }

  /**
   * A reading older than the newest stored one (a device re-sending after an outage). Its energy
   * chains from its stored predecessor, and its successor's share is recomputed so the total is unchanged.
   */
  private async insertLate(tx: Queryable, r: NewReading): Promise<StoredReading> {
    const keyColumn = r.seq === null ? 'ts_ms' : 'seq';
    const key = orderKey(r);
    const seqFilter = r.seq === null ? 'seq IS NULL' : 'seq IS NOT NULL';
    const select = 'SELECT id, seq, ts_ms, power_w, energy_counter_wh, energy_delta_wh FROM readings';
    const [predecessor] = await tx.query<NeighbourRow>(`${select} WHERE device_id = ? AND ${seqFilter} AND ${keyColumn} < ? ORDER BY ${keyColumn} DESC LIMIT 1`, [
      r.deviceId,
      key,
    ]);
    const [successor] = await tx.query<NeighbourRow>(`${select} WHERE device_id = ? AND ${seqFilter} AND ${keyColumn} > ? ORDER BY ${keyColumn} ASC LIMIT 1`, [
      r.deviceId,
      key,
    ]);
    const stored: StoredReading = { ...r, energyDeltaWh: energyDeltaWh(predecessor ? rowSample(predecessor) : null, toSample(r), this.energyOptions) };
    await this.insertRows(tx, [stored]);
    if (successor) {
      const successorDelta = energyDeltaWh(toSample(r), rowSample(successor), this.energyOptions);
      const change = successorDelta - successor.energy_delta_wh;
      if (change !== 0) {
        await tx.execute('UPDATE readings SET energy_delta_wh = ? WHERE id = ?', [successorDelta, successor.id]);
        await adjustRollupEnergy(tx, r.deviceId, Number(successor.ts_ms), change, this.timeZone);
      }
    }
    return stored;
  }

  private async insertRows(tx: Queryable, rows: readonly StoredReading[]): Promise<void> {
    for (const chunk of chunks(rows)) await this.insertChunk(tx, chunk);
  }

  private async insertChunk(tx: Queryable, rows: readonly StoredReading[]): Promise<void> {
    const params: SqlParam[] = [];
    for (const r of rows) {
      const local = toLocalTime(r.tsMs, this.timeZone);
      params.push(
        r.deviceId, r.seq, r.tsMs, r.tsSource, r.receivedMs, r.voltageV, r.currentA, r.powerW, r.powerKind,
        r.apparentPowerVa, r.powerFactor, r.energyCounterWh, r.energyDeltaWh, local.date, local.day, local.time,
      );
    }
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    // A plain INSERT: a duplicate that slipped past splitDuplicates (a concurrent writer) fails the
    // whole transaction instead of being half-counted in the rollups.
    await tx.execute(`INSERT INTO readings (${COLUMNS.join(', ')}) VALUES ${rows.map(() => row).join(', ')}`, params);
  }
}

function groupByDevice(readings: readonly NewReading[]): Map<string, NewReading[]> {
  const groups = new Map<string, NewReading[]>();
  for (const r of readings) {
    const group = groups.get(r.deviceId);
    if (group) group.push(r);
    else groups.set(r.deviceId, [r]);
  }
  return groups;
}
