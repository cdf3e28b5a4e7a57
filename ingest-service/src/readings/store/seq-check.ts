import { chunks, type NewReading, type Queryable, type SqlParam } from '@energy/db';
import { differingFields, fingerprint, type ReadingIdentity } from './reading-identity';
import type { SeqConflict } from './stored-reading';

interface StoredIdentityRow {
  id: number;
  device_id: string;
  seq: number;
  ts_ms: number;
  ts_source: 'device' | 'received';
  voltage_v: number;
  current_a: number;
  power_w: number;
  apparent_power_va: number;
  power_factor: number | null;
  energy_counter_wh: number | null;
  meter_boot: number | null;
  meter_wh: number | null;
}

const keyOf = (deviceId: string, seq: number) => `${deviceId}\u0000${seq}`;

const identityOf = (row: StoredIdentityRow): ReadingIdentity => ({
  tsMs: Number(row.ts_ms),
  tsSource: row.ts_source,
  voltageV: row.voltage_v,
  currentA: row.current_a,
  powerW: row.power_w,
  apparentPowerVa: row.apparent_power_va,
  powerFactor: row.power_factor,
  energyCounterWh: row.energy_counter_wh,
  meterBoot: row.meter_boot === null ? null : Number(row.meter_boot),
  meterWh: row.meter_wh,
});

export interface SeqCheck {
  fresh: NewReading[];
  /** Verified to be the same reading as the one stored (or quarantined) under its seq. */
  duplicates: NewReading[];
  conflicts: Array<SeqConflict & { fingerprint: string }>;
}

/**
 * Sorts a batch by what its seqs say (issue 13, defect 3): a reading whose seq is already stored is a
 * redelivery only if it IS the stored reading (same device time and values); a different reading
 * under a stored seq is a conflict, never silently dropped. A sequenced reading above its device's
 * newest stored seq cannot be stored yet (this process is the device's only writer), so only the
 * others are looked up: a burst of new readings costs no query at all.
 */
export async function checkSeqs(tx: Queryable, batch: readonly NewReading[], newestStoredSeq: (deviceId: string) => number | undefined): Promise<SeqCheck> {
  const toCheck = batch.filter((r) => r.seq !== null && r.seq <= (newestStoredSeq(r.deviceId) ?? -Infinity));
  const stored = new Map<string, { id: number; identity: ReadingIdentity }>();
  const quarantined = new Map<string, Set<string>>();
  const keys = [...new Map(toCheck.map((r) => [keyOf(r.deviceId, r.seq!), [r.deviceId, r.seq!] as const])).values()];
  for (const chunk of chunks(keys)) {
    const where = `(device_id, seq) IN (${chunk.map(() => '(?, ?)').join(', ')})`;
    const params: SqlParam[] = chunk.flat();
    const rows = await tx.query<StoredIdentityRow>(
      `SELECT id, device_id, seq, ts_ms, ts_source, voltage_v, current_a, power_w, apparent_power_va, power_factor, energy_counter_wh, meter_boot, meter_wh
       FROM readings WHERE ${where}`,
      params,
    );
    for (const row of rows) stored.set(keyOf(row.device_id, Number(row.seq)), { id: Number(row.id), identity: identityOf(row) });
    const kept = await tx.query<{ device_id: string; seq: number; fingerprint: string }>(`SELECT device_id, seq, fingerprint FROM reading_conflicts WHERE ${where}`, params);
    for (const row of kept) addTo(quarantined, keyOf(row.device_id, Number(row.seq)), row.fingerprint);
  }

  const out: SeqCheck = { fresh: [], duplicates: [], conflicts: [] };
  const firstInBatch = new Map<string, NewReading>();
  for (const r of batch) {
    if (r.seq === null) {
      out.fresh.push(r);
      continue;
    }
    const key = keyOf(r.deviceId, r.seq);
    const holder = stored.get(key);
    const holderIdentity = holder?.identity ?? firstInBatch.get(key);
    if (!holderIdentity) {
      firstInBatch.set(key, r);
      out.fresh.push(r);
      continue;
    }
    const differ = differingFields(holderIdentity, r);
    const print = fingerprint(r);
    if (differ.length === 0 || quarantined.get(key)?.has(print)) {
      out.duplicates.push(r);
      continue;
    }
    addTo(quarantined, key, print);
    out.conflicts.push({
      reading: r,
      fingerprint: print,
      storedId: holder?.id ?? null,
      reason:
        `seq ${r.seq} is already stored with a different reading (${differ.join(', ')} ${differ.length === 1 ? 'differs' : 'differ'}): ` +
        'the device re-used the seq. Kept in quarantine (reading_conflicts), not counted as a reading.',
    });
  }
  return out;
}

const QUARANTINE_COLUMNS = [
  'device_id', 'seq', 'fingerprint', 'ts_ms', 'ts_source', 'received_ms', 'voltage_v', 'current_a', 'power_w', 'power_kind',
  'apparent_power_va', 'power_factor', 'energy_counter_wh', 'meter_boot', 'meter_wh', 'stored_id', 'reason',
];

/** Keeps conflicting readings in `reading_conflicts`; the same one twice is one row. */
export async function quarantine(tx: Queryable, conflicts: SeqCheck['conflicts']): Promise<void> {
  const row = `(${QUARANTINE_COLUMNS.map(() => '?').join(', ')})`;
  for (const chunk of chunks(conflicts)) {
    await tx.execute(
      `${tx.sql.insertIgnore} INTO reading_conflicts (${QUARANTINE_COLUMNS.join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
      chunk.flatMap(({ reading: r, fingerprint: print, storedId, reason }) => [
        r.deviceId, r.seq, print, r.tsMs, r.tsSource, r.receivedMs, r.voltageV, r.currentA, r.powerW, r.powerKind,
        r.apparentPowerVa, r.powerFactor, r.energyCounterWh, r.meterBoot ?? null, r.meterWh ?? null, storedId, reason,
      ]),
    );
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
