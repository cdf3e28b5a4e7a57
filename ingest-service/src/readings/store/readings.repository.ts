import { chunks, type Database, type NewReading, type Queryable } from '@energy/db';
import { DEFAULT_ENERGY_OPTIONS, intervalEnergy, type EnergyOptions, type EnergySample } from './energy';
import { orderKey } from './order-key';
import { RollupChanges } from './rollup-changes';
import { checkSeqs, quarantine } from './seq-check';
import { sqlNumber, sqlNumberOrNull, sqlText } from './sql-literal';
import type { InsertOutcome, StoredReading } from './stored-reading';

/** Rows per INSERT: ~200 bytes each as literals, well within max_allowed_packet and SQLite's statement limit. */
const ROWS_PER_STATEMENT = 2_500;

const COLUMNS = [
  'device_id', 'seq', 'ts_ms', 'ts_source', 'received_ms', 'voltage_v', 'current_a', 'power_w', 'power_kind',
  'apparent_power_va', 'power_factor', 'energy_counter_wh', 'energy_delta_wh', 'meter_boot', 'meter_wh', 'energy_from_ms',
];
const NEIGHBOUR_COLUMNS = 'id, seq, ts_ms, power_w, energy_counter_wh, meter_boot, meter_wh, energy_delta_wh, energy_from_ms';

interface LastReading extends EnergySample {
  key: number;
}

interface NeighbourRow {
  id: number;
  seq: number | null;
  ts_ms: number;
  power_w: number;
  energy_counter_wh: number | null;
  meter_boot: number | null;
  meter_wh: number | null;
  energy_delta_wh: number;
  energy_from_ms: number | null;
}

const toSample = (r: NewReading): EnergySample => ({
  tsMs: r.tsMs,
  powerW: r.powerW,
  counterWh: r.energyCounterWh,
  meterBoot: r.meterBoot ?? null,
  meterWh: r.meterWh ?? null,
});
/** The sample of an in-order reading, which is also what the device's last reading is cached as. */
const toLast = (r: NewReading): LastReading => ({
  tsMs: r.tsMs,
  powerW: r.powerW,
  counterWh: r.energyCounterWh,
  meterBoot: r.meterBoot ?? null,
  meterWh: r.meterWh ?? null,
  key: orderKey(r),
});
const rowSample = (row: NeighbourRow): EnergySample => ({
  tsMs: Number(row.ts_ms),
  powerW: row.power_w,
  counterWh: row.energy_counter_wh,
  meterBoot: row.meter_boot === null ? null : Number(row.meter_boot),
  meterWh: row.meter_wh,
});
/**
 * The reading with the energy of its interval. The reading object itself becomes the stored row (no
 * copy of every reading of a batch); a retried batch computes the energy again.
 */
const stored = (r: NewReading, previous: EnergySample | null, options: EnergyOptions, sample: EnergySample = toSample(r)): StoredReading => {
  const energy = intervalEnergy(previous, sample, options);
  const row = r as StoredReading;
  row.energyDeltaWh = energy.wh;
  row.energyFromMs = energy.fromMs;
  return row;
};

/**
 * The ingest's write path: readings and their rollups, in one transaction per batch.
 *
 * Exactly once: redeliveries are found inside the transaction, verified to be the very reading
 * stored, and skipped; a different reading under a stored seq is quarantined (`reading_conflicts`).
 * The UNIQUE (device_id, seq) key turns any race into a failed transaction that the caller retries.
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
        const uncached = new Set<string>();
        for (const r of batch) if (r.seq !== null && !this.lastByDevice.has(r.deviceId)) uncached.add(r.deviceId);
        const loaded = await this.loadLastSequenced(tx, [...uncached]);
        const lastOf = (deviceId: string) => this.lastByDevice.get(deviceId) ?? loaded.get(deviceId);
        const { fresh, duplicates, conflicts } = await checkSeqs(tx, batch, (deviceId) => lastOf(deviceId)?.key);
        await quarantine(tx, conflicts);
        const rollups = new RollupChanges(this.timeZone);
        const inserted: StoredReading[] = [];
        const outOfPlace: StoredReading[] = [];
        const appendable: StoredReading[] = [];
        for (const [deviceId, readings] of groupByDevice(fresh)) {
          readings.sort((a, b) => orderKey(a) - orderKey(b));
          const last = lastOf(deviceId) ?? (readings[0]!.seq === null ? await this.loadLastLegacy(tx, deviceId) : null);
          // Sorted: the late readings (below the newest stored one, a re-send after an outage) come first.
          let firstInOrder = 0;
          if (last) while (firstInOrder < readings.length && orderKey(readings[firstInOrder]!) < last.key) firstInOrder++;
          for (let k = 0; k < firstInOrder; k++) {
            const { row, fits } = await this.insertLate(tx, readings[k]!, rollups);
            inserted.push(row);
            if (!fits) outOfPlace.push(row);
          }
          // (No array, object or copy per device or reading beyond the sample: at 1 reading per device
          // per batch this loop runs once per reading.)
          let previous: LastReading | null = last;
          for (let k = firstInOrder; k < readings.length; k++) {
            const r = readings[k]!;
            const sample = toLast(r);
            const row = stored(r, previous, this.energyOptions, sample);
            inserted.push(row);
            appendable.push(row);
            previous = sample;
          }
          if (previous) pendingLast.set(deviceId, previous);
        }
        // Multi-row INSERTs for every in-order reading of the batch.
        await this.insertRows(tx, appendable);
        for (const r of inserted) rollups.addReading(r);
        await rollups.write(tx);
        return { inserted, duplicates, conflicts: conflicts.map(({ fingerprint: _print, ...conflict }) => conflict), outOfPlace };
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

  /** Deletes raw readings (and quarantined conflicts) older than the cutoff in chunks; rollups are kept for ever. */
  async deleteRawBefore(cutoffMs: number, chunk = 5_000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = await this.db.query<{ id: number }>('SELECT id FROM readings WHERE ts_ms < ? ORDER BY ts_ms LIMIT ?', [cutoffMs, chunk]);
      if (ids.length === 0) {
        await this.db.execute('DELETE FROM reading_conflicts WHERE ts_ms < ?', [cutoffMs]);
        return deleted;
      }
      const { affectedRows } = await this.db.execute(`DELETE FROM readings WHERE id IN (${ids.map(() => '?').join(', ')})`, ids.map((r) => r.id));
      deleted += affectedRows;
    }
  }

  /** Forgets cached device state, e.g. after another writer may have touched the device. */
  forgetDevice(deviceId: string): void {
    this.lastByDevice.delete(deviceId);
  }

  /** The newest stored reading of each device not yet cached, in one query (a burst of new devices). */
  private async loadLastSequenced(tx: Queryable, deviceIds: string[]): Promise<Map<string, LastReading>> {
    const found = new Map<string, LastReading>();
    for (const chunk of chunks(deviceIds)) {
      const rows = await tx.query<NeighbourRow & { device_id: string }>(
        `SELECT r.device_id, ${NEIGHBOUR_COLUMNS.split(', ').map((c) => `r.${c}`).join(', ')} FROM readings r
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
      `SELECT ${NEIGHBOUR_COLUMNS} FROM readings WHERE device_id = ? AND seq IS NULL ORDER BY ts_ms DESC LIMIT 1`,
      [deviceId],
    );
    return row ? { ...rowSample(row), key: Number(row.ts_ms) } : null;
  }

  /**
   * A reading older than the newest stored one (a device re-sending after an outage). Its energy
   * chains from its stored predecessor, and its successor's share is recomputed, in the readings and
   * spread over the rollup buckets of both intervals, so the total is unchanged.
   *
   * Unless its time does not fit between them (older than its predecessor or newer than its successor
   * by the device's clock): then its seq was re-used, perhaps in the gap of a reboot weeks ago. It is
   * stored at its own time, with no energy of its own, and its neighbours' energy and old rollups are
   * left alone; the device's counter carries its energy into the next in-order reading.
   */
  private async insertLate(tx: Queryable, r: NewReading, rollups: RollupChanges): Promise<{ row: StoredReading; fits: boolean }> {
    const keyColumn = r.seq === null ? 'ts_ms' : 'seq';
    const key = orderKey(r);
    const seqFilter = r.seq === null ? 'seq IS NULL' : 'seq IS NOT NULL';
    const select = `SELECT ${NEIGHBOUR_COLUMNS} FROM readings`;
    const [predecessor] = await tx.query<NeighbourRow>(`${select} WHERE device_id = ? AND ${seqFilter} AND ${keyColumn} < ? ORDER BY ${keyColumn} DESC LIMIT 1`, [
      r.deviceId,
      key,
    ]);
    const [successor] = await tx.query<NeighbourRow>(`${select} WHERE device_id = ? AND ${seqFilter} AND ${keyColumn} > ? ORDER BY ${keyColumn} ASC LIMIT 1`, [
      r.deviceId,
      key,
    ]);
    const fits = (!predecessor || Number(predecessor.ts_ms) <= r.tsMs) && (!successor || r.tsMs <= Number(successor.ts_ms));
    if (!fits) {
      const row: StoredReading = { ...r, energyDeltaWh: 0, energyFromMs: r.tsMs };
      await this.insertRows(tx, [row]);
      return { row, fits };
    }
    const row = stored(r, predecessor ? rowSample(predecessor) : null, this.energyOptions);
    await this.insertRows(tx, [row]);
    if (successor) {
      const successorTs = Number(successor.ts_ms);
      const was = { wh: successor.energy_delta_wh, fromMs: successor.energy_from_ms === null ? successorTs : Number(successor.energy_from_ms) };
      const now = intervalEnergy(toSample(r), rowSample(successor), this.energyOptions);
      if (now.wh !== was.wh || now.fromMs !== was.fromMs) {
        await tx.execute('UPDATE readings SET energy_delta_wh = ?, energy_from_ms = ? WHERE id = ?', [now.wh, now.fromMs, successor.id]);
        rollups.addEnergy(r.deviceId, -was.wh, was.fromMs, successorTs);
        rollups.addEnergy(r.deviceId, now.wh, now.fromMs, successorTs);
      }
    }
    return { row, fits };
  }

  private async insertRows(tx: Queryable, rows: readonly StoredReading[]): Promise<void> {
    for (const chunk of chunks(rows, ROWS_PER_STATEMENT)) {
      // A plain INSERT: a duplicate that slipped past checkSeqs (a concurrent writer) fails the
      // whole transaction instead of being half-counted in the rollups.
      await tx.execute(`INSERT INTO readings (${COLUMNS.join(', ')}) VALUES ${chunk.map((r) => this.rowValues(r)).join(',')}`);
    }
  }

  /**
   * One row as literals (sql-literal.ts: binding ~90,000 values a batch cost more than the rest of the
   * write). No local date, weekday or time: they follow from ts_ms (the `data` view, localTimeColumns).
   */
  private rowValues(r: StoredReading): string {
    return `(${sqlText(r.deviceId)},${sqlNumberOrNull(r.seq)},${sqlNumber(r.tsMs)},${sqlText(r.tsSource)},${sqlNumber(r.receivedMs)},${sqlNumber(r.voltageV)},${sqlNumber(r.currentA)},${sqlNumber(r.powerW)},${sqlText(r.powerKind)},${sqlNumber(r.apparentPowerVa)},${sqlNumberOrNull(r.powerFactor)},${sqlNumberOrNull(r.energyCounterWh)},${sqlNumber(r.energyDeltaWh)},${sqlNumberOrNull(r.meterBoot)},${sqlNumberOrNull(r.meterWh)},${sqlNumber(r.energyFromMs)})`;
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
