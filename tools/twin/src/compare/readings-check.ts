/** A reading the system owes: one per UART line the ESP32 received completely. */
export interface ExpectedReading {
  deviceId: string;
  tsMs: number;
  meterBoot?: number;
  meterWh?: number;
}

export interface StoredReading {
  deviceId: string;
  seq: number | null;
  tsMs: number;
  meterBoot?: number | null;
  meterWh?: number | null;
}

/** Seen on the bus by the monitor; `at` orders readings and acks as the monitor received them. */
export interface PublishedReading {
  deviceId: string;
  seq: number;
  tsMs: number;
  at: number;
}

export interface AckSeen {
  deviceId: string;
  seq: number;
  at: number;
}

export interface ReadingsVerdict {
  /** Readings owed (lines received). */
  readings: number;
  /** Owed readings with no row, or whose row says something else. */
  lost: number;
  /** Rows beyond the first for one reading. */
  duplicated: number;
  /** Rows that match no line the ESP32 received. */
  extra: number;
  /** Published readings an ack covered, later than their publication, that are not stored. */
  ackedNotStored: number;
  /** Seqs published with two different readings (a reused seq). */
  seqReused: number;
  /** Distinct (device, seq) published. */
  published: number;
  details: string[];
}

const key = (deviceId: string, tsMs: number) => `${deviceId}|${tsMs}`;
const sameMeter = (e: ExpectedReading, r: StoredReading) =>
  (e.meterBoot === undefined || r.meterBoot === undefined || e.meterBoot === r.meterBoot) &&
  (e.meterWh === undefined || r.meterWh === undefined || r.meterWh === null || Math.abs(e.meterWh - r.meterWh) < 5e-4);

/**
 * (a) every reading owed is stored once and nothing else is; (b) no ack ever covered a reading
 * that is not stored. Readings are matched by device and timestamp: the twin stamps each line with
 * the virtual time its last byte arrived, which is the ESP32's ts for it.
 */
export function checkReadings(expected: ExpectedReading[], stored: StoredReading[], published: PublishedReading[], acks: AckSeen[]): ReadingsVerdict {
  const details: string[] = [];
  const rowsByKey = new Map<string, StoredReading[]>();
  for (const row of stored) {
    const k = key(row.deviceId, row.tsMs);
    rowsByKey.set(k, [...(rowsByKey.get(k) ?? []), row]);
  }
  let lost = 0;
  let duplicated = 0;
  const owed = new Set<string>();
  for (const e of expected) {
    const k = key(e.deviceId, e.tsMs);
    owed.add(k);
    const rows = rowsByKey.get(k) ?? [];
    if (rows.length === 0 || !rows.some((r) => sameMeter(e, r))) {
      lost++;
      if (details.length < 20) details.push(`lost: ${e.deviceId} ${new Date(e.tsMs).toISOString()}${rows.length ? ` (stored with other meter values: boot ${rows[0]!.meterBoot} ${rows[0]!.meterWh} Wh)` : ''}`);
    }
    if (rows.length > 1) {
      duplicated += rows.length - 1;
      if (details.length < 20) details.push(`duplicated: ${e.deviceId} ${new Date(e.tsMs).toISOString()} ×${rows.length} (seqs ${rows.map((r) => r.seq).join(', ')})`);
    }
  }
  let extra = 0;
  for (const [k, rows] of rowsByKey) {
    if (owed.has(k)) continue;
    extra += rows.length;
    if (details.length < 20) details.push(`extra row: ${k} seq ${rows[0]!.seq}`);
  }

  // Seqs: one reading per (device, seq) on the bus, and none of them acked but missing.
  const bySeq = new Map<string, PublishedReading[]>();
  for (const p of published) {
    const k = `${p.deviceId}|${p.seq}`;
    const list = bySeq.get(k) ?? [];
    if (!list.some((q) => q.tsMs === p.tsMs)) list.push(p);
    bySeq.set(k, list);
  }
  let seqReused = 0;
  for (const [k, list] of bySeq) {
    if (list.length < 2) continue;
    seqReused += list.length - 1;
    if (details.length < 20) details.push(`seq reused: ${k} for ${list.map((p) => new Date(p.tsMs).toISOString()).join(', ')}`);
  }
  const storedBySeq = new Map(stored.filter((r) => r.seq !== null).map((r) => [`${r.deviceId}|${r.seq}`, r]));
  const acksByDevice = new Map<string, AckSeen[]>();
  for (const a of acks) acksByDevice.set(a.deviceId, [...(acksByDevice.get(a.deviceId) ?? []), a]);
  let ackedNotStored = 0;
  for (const list of bySeq.values()) {
    for (const p of list) {
      const row = storedBySeq.get(`${p.deviceId}|${p.seq}`);
      if (row && row.tsMs === p.tsMs) continue;
      const ack = (acksByDevice.get(p.deviceId) ?? []).find((a) => a.seq >= p.seq && a.at > p.at);
      if (!ack) continue;
      ackedNotStored++;
      if (details.length < 20) details.push(`acked, not stored: ${p.deviceId} seq ${p.seq} ${new Date(p.tsMs).toISOString()} (ack ${ack.seq})${row ? `; the row for that seq is from ${new Date(row.tsMs).toISOString()}` : ''}`);
    }
  }
  return { readings: expected.length, lost, duplicated, extra, ackedNotStored, seqReused, published: bySeq.size, details };
}
