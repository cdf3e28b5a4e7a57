import type { AlertRecord, AlertSeverity, AlertState, LoadShedState, RuleKind, Telemetry } from '@energy/contracts';
import type { Database, Queryable, SqlParam } from '../database';
import { RelayCommandsStore } from '../relay/relay-commands.store';
import { chunks } from '../statement-chunks';

/** An alert as stored, with its load-shedding state derived from the relay commands sent for it. */
export interface AlertRow {
  id: number;
  ruleId: number;
  deviceId: string;
  kind: RuleKind;
  severity: AlertSeverity;
  state: AlertState;
  value: number | null;
  threshold: number | null;
  message: string;
  raisedMs: number;
  acknowledgedMs: number | null;
  clearedMs: number | null;
  lastNotifiedMs: number | null;
  loadShed: LoadShedState | null;
}

/** The alert as the API and the acknowledge reply show it (docs/api.md, without deliveries). */
export const toAlertRecord = (a: AlertRow): AlertRecord => ({
  id: a.id,
  deviceId: a.deviceId,
  ruleId: a.ruleId,
  kind: a.kind,
  severity: a.severity,
  state: a.state,
  value: a.value,
  threshold: a.threshold,
  message: a.message,
  raisedAt: a.raisedMs,
  acknowledgedAt: a.acknowledgedMs,
  clearedAt: a.clearedMs,
  loadShed: a.loadShed,
});

export interface NewAlert {
  ruleId: number;
  deviceId: string;
  kind: RuleKind;
  severity: AlertSeverity;
  value: number | null;
  threshold: number | null;
  message: string;
}

/** What is stored with each transition: when, the value, and the reading that caused it. */
export interface TransitionFacts {
  atMs: number;
  value: number | null;
  reading: Telemetry | null;
  note?: string;
}

export interface AlertFilter {
  deviceId?: string;
  state?: AlertState;
  fromMs?: number;
  toMs?: number;
  limit: number;
}

const COLUMNS = 'id, rule_id, device_id, kind, severity, state, value, threshold, message, raised_ms, acknowledged_ms, cleared_ms, last_notified_ms';

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Drivers differ (MySQL may return BIGINT as strings): normalised here once. */
const toAlert = (r: Record<string, unknown>, loadShed: LoadShedState | null): AlertRow => ({
  id: Number(r.id),
  ruleId: Number(r.rule_id),
  deviceId: String(r.device_id),
  kind: r.kind as RuleKind,
  severity: r.severity as AlertSeverity,
  state: r.state as AlertState,
  value: nullableNumber(r.value),
  threshold: nullableNumber(r.threshold),
  message: String(r.message),
  raisedMs: Number(r.raised_ms),
  acknowledgedMs: nullableNumber(r.acknowledged_ms),
  clearedMs: nullableNumber(r.cleared_ms),
  lastNotifiedMs: nullableNumber(r.last_notified_ms),
  loadShed,
});

const openKey = (ruleId: number, deviceId: string) => `${ruleId}:${deviceId}`;

/**
 * alerts and alert_transitions: the only module that knows their SQL. The alert service writes
 * through it (it is their only writer), the gateway and Home Assistant's state read through it.
 * An alert's `loadShed` is not stored with it: load shedding keeps its state in relay_commands, and
 * every read here derives it from there.
 */
export class AlertsStore {
  private readonly relayCommands: RelayCommandsStore;

  constructor(private readonly db: Database) {
    this.relayCommands = new RelayCommandsStore(db);
  }

  async find(id: number): Promise<AlertRow | null> {
    const [row] = await this.withLoadShed(await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`, [id]));
    return row ?? null;
  }

  /** Alerts still active or acknowledged. */
  async listOpen(): Promise<AlertRow[]> {
    return this.withLoadShed(await this.db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM alerts WHERE open_key IS NOT NULL ORDER BY id`));
  }

  /** Newest first; `fromMs`/`toMs` filter the raise time. */
  async list(filter: AlertFilter): Promise<AlertRow[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const condition = (sql: string, value: SqlParam) => {
      where.push(sql);
      params.push(value);
    };
    if (filter.deviceId) condition('device_id = ?', filter.deviceId);
    if (filter.state) condition('state = ?', filter.state);
    if (filter.fromMs !== undefined) condition('raised_ms >= ?', filter.fromMs);
    if (filter.toMs !== undefined) condition('raised_ms < ?', filter.toMs);
    params.push(filter.limit);
    const rows = await this.db.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_ms DESC, id DESC LIMIT ?`,
      params,
    );
    return this.withLoadShed(rows);
  }

  /** The severities of each device's alerts that are not cleared (devices without one are left out). */
  async openSeverities(deviceIds: readonly string[]): Promise<Array<{ deviceId: string; severity: AlertSeverity }>> {
    const found: Array<{ deviceId: string; severity: AlertSeverity }> = [];
    for (const ids of chunks(deviceIds, 500)) {
      const rows = await this.db.query<{ device_id: string; severity: AlertSeverity }>(
        `SELECT DISTINCT device_id, severity FROM alerts WHERE state <> 'cleared' AND device_id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      found.push(...rows.map((r) => ({ deviceId: r.device_id, severity: r.severity })));
    }
    return found;
  }

  /**
   * Inserts an active alert and its first transition in one transaction. Returns null when an open
   * alert for the same rule and device already exists (the unique open_key refuses a second).
   */
  async insertActive(a: NewAlert, t: TransitionFacts): Promise<AlertRow | null> {
    const inserted = await this.db.transaction(async (tx) => {
      const { affectedRows, insertId } = await tx.execute(
        `${tx.sql.insertIgnore} INTO alerts (rule_id, device_id, kind, severity, state, value, threshold, message, raised_ms, last_notified_ms, open_key)
         VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
        [a.ruleId, a.deviceId, a.kind, a.severity, a.value, a.threshold, a.message, t.atMs, t.atMs, openKey(a.ruleId, a.deviceId)],
      );
      if (affectedRows === 0) return null;
      await this.insertTransition(tx, insertId, 'active', t);
      return tx.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`, [insertId]);
    });
    return inserted ? (await this.withLoadShed(inserted))[0]! : null;
  }

  /** Moves an open alert to `state`; returns null when it was no longer in `from`. */
  async transition(id: number, from: AlertState[], state: 'acknowledged' | 'cleared', t: TransitionFacts & { by?: string }): Promise<AlertRow | null> {
    const moved = await this.db.transaction(async (tx) => {
      const placeholders = from.map(() => '?').join(', ');
      const set = state === 'cleared' ? 'state = ?, cleared_ms = ?, open_key = NULL' : 'state = ?, acknowledged_ms = ?, acknowledged_by = ?';
      const params = state === 'cleared' ? [state, t.atMs] : [state, t.atMs, t.by ?? null];
      const { affectedRows } = await tx.execute(`UPDATE alerts SET ${set} WHERE id = ? AND state IN (${placeholders})`, [...params, id, ...from]);
      if (affectedRows === 0) return null;
      await this.insertTransition(tx, id, state, t);
      return tx.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`, [id]);
    });
    return moved ? (await this.withLoadShed(moved))[0]! : null;
  }

  async setLastNotified(id: number, atMs: number): Promise<void> {
    await this.db.execute('UPDATE alerts SET last_notified_ms = ? WHERE id = ?', [atMs, id]);
  }

  private async withLoadShed(rows: readonly Record<string, unknown>[]): Promise<AlertRow[]> {
    if (rows.length === 0) return [];
    const loadShed = await this.relayCommands.loadShedOf(rows.map((r) => Number(r.id)));
    return rows.map((r) => toAlert(r, loadShed.get(Number(r.id)) ?? null));
  }

  private async insertTransition(tx: Queryable, alertId: number, state: AlertState, t: TransitionFacts): Promise<void> {
    await tx.execute('INSERT INTO alert_transitions (alert_id, state, ts_ms, value, reading, note) VALUES (?, ?, ?, ?, ?, ?)', [
      alertId,
      state,
      t.atMs,
      t.value,
      t.reading ? JSON.stringify(t.reading) : null,
      t.note ?? null,
    ]);
  }
}
