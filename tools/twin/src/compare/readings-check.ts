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
  /** Stored readings whose ts is off their line's millisecond by at most MAX_TS_SKEW_MS. */
  retimed: number;
  maxSkewMs: number;
  /** Distinct (device, seq) published. */
  published: number;
  details: string[];
}

const key = (deviceId: string, tsMs: number) => `${deviceId}|${tsMs}`;

/**
 * A reading the ESP32 dated from its uptime after a late NTP sync (UTC now minus the uptime since the
 * line) is a little off the line's own millisecond in the twin: the sketch reads its two clocks at
 * different instants, and the twin's clock may step (up to 100 ms) in between, where a real clock
 * moves microseconds. Within this skew it is the same reading, matched by its meter values, and
 * counted as re-timed; further off it is lost (and its row extra).
 */
export const MAX_TS_SKEW_MS = 500;
const DETAILS_PER_KIND = 5;
const sameMeter = (e: ExpectedReading, r: StoredReading) =>
  (e.meterBoot === undefined || r.meterBoot === undefined || e.meterBoot === r.meterBoot) &&
  (e.meterWh === undefined || r.meterWh === undefined || r.meterWh === null || Math.abs(e.meterWh - r.meterWh) < 5e-4);

/**
 * (a) every reading owed is stored once and nothing else is; (b) no ack ever covered a reading
 * that is not stored. Readings are matched by device, timestamp and meter values: the twin stamps
 * each line with the virtual millisecond its last byte arrived, which is the ESP32's ts for it.
 */
export function checkReadings(expected: ExpectedReading[], stored: StoredReading[], published: PublishedReading[], acks: AckSeen[]): ReadingsVerdict {
  const details: string[] = [];
  const shown = new Map<string, number>();
  const detail = (kind: string, text: string) => {
    const n = shown.get(kind) ?? 0;
    shown.set(kind, n + 1);
    if (n < DETAILS_PER_KIND) details.push(`${kind}: ${text}`);
  };
  const rowsByKey = new Map<string, StoredReading[]>();
  for (const row of stored) {
    const k = key(row.deviceId, row.tsMs);
    rowsByKey.set(k, [...(rowsByKey.get(k) ?? []), row]);
  }
  // Rows per device in time order, for the search within the skew (nearest first).
  const byDevice = new Map<string, StoredReading[]>();
  for (const row of stored) byDevice.set(row.deviceId, [...(byDevice.get(row.deviceId) ?? []), row]);
  for (const rows of byDevice.values()) rows.sort((a, b) => a.tsMs - b.tsMs);
  const rowsNear = (deviceId: string, tsMs: number): StoredReading[] => {
    const rows = byDevice.get(deviceId) ?? [];
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid]!.tsMs < tsMs - MAX_TS_SKEW_MS) lo = mid + 1;
      else hi = mid;
    }
    const near: StoredReading[] = [];
    for (let i = lo; i < rows.length && rows[i]!.tsMs <= tsMs + MAX_TS_SKEW_MS; i++) near.push(rows[i]!);
    return near.sort((a, b) => Math.abs(a.tsMs - tsMs) - Math.abs(b.tsMs - tsMs));
  };
  const used = new Set<StoredReading>();
  let lost = 0;
  let duplicated = 0;
  let retimed = 0;
  let maxSkewMs = 0;
  for (const e of expected) {
    // The stored reading of this line: same meter values, at its ts or within the skew allowed.
    const candidates = rowsNear(e.deviceId, e.tsMs).filter((r) => !used.has(r) && sameMeter(e, r));
    if (candidates.length === 0) {
      lost++;
      const other = rowsByKey.get(key(e.deviceId, e.tsMs))?.[0];
      detail('lost', `${e.deviceId} ${new Date(e.tsMs).toISOString()}${other ? ` (a row at that ts has other meter values: boot ${other.meterBoot}, ${other.meterWh} Wh)` : ''}`);
      continue;
    }
    const [row, ...more] = candidates;
    used.add(row!);
    if (row!.tsMs !== e.tsMs) {
      retimed++;
      maxSkewMs = Math.max(maxSkewMs, Math.abs(row!.tsMs - e.tsMs));
    }
    if (more.length > 0) {
      duplicated += more.length;
      for (const r of more) used.add(r);
      detail('duplicated', `${e.deviceId} ${new Date(e.tsMs).toISOString()} ×${candidates.length} (seqs ${candidates.map((r) => r.seq).join(', ')})`);
    }
  }
  const extras = stored.filter((r) => !used.has(r));
  for (const r of extras) detail('extra row', `${r.deviceId} ${new Date(r.tsMs).toISOString()} seq ${r.seq} boot ${r.meterBoot} ${r.meterWh} Wh`);
  const extra = extras.length;
  if (retimed > 0) details.push(`${retimed} readings stored up to ${maxSkewMs} ms off the millisecond their line arrived (dated from the ESP32's uptime once NTP synced; matched by their meter values)`);

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
      detail('acked, not stored', `${p.deviceId} seq ${p.seq} ${new Date(p.tsMs).toISOString()} (ack ${ack.seq})${row ? `; the row for that seq is from ${new Date(row.tsMs).toISOString()}` : ''}`);
    }
  }
  return { readings: expected.length, lost, duplicated, extra, ackedNotStored, seqReused, retimed, maxSkewMs, published: bySeq.size, details };
}
