import { Inject, Injectable } from '@nestjs/common';
import type { AlertRecord, AlertSeverity, AlertState, LoadShedState, RuleKind, Telemetry } from '@energy/contracts';
import type { Database, Queryable } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export type LoadShed = LoadShedState;

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
  loadShed: LoadShed | null;
}

interface Row {
  id: number;
  rule_id: number;
  device_id: string;
  kind: RuleKind;
  severity: AlertSeverity;
  state: AlertState;
  value: number | null;
  threshold: number | null;
  message: string;
  raised_ms: number;
  acknowledged_ms: number | null;
  cleared_ms: number | null;
  last_notified_ms: number | null;
  load_shed: LoadShed | null;
}

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));
const toAlert = (r: Row): AlertRow => ({
  id: Number(r.id),
  ruleId: Number(r.rule_id),
  deviceId: r.device_id,
  kind: r.kind,
  severity: r.severity,
  state: r.state,
  value: nullableNumber(r.value),
  threshold: nullableNumber(r.threshold),
  message: r.message,
  raisedMs: Number(r.raised_ms),
  acknowledgedMs: nullableNumber(r.acknowledged_ms),
  clearedMs: nullableNumber(r.cleared_ms),
  lastNotifiedMs: nullableNumber(r.last_notified_ms),
  loadShed: r.load_shed,
});

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

export interface TransitionFacts {
  atMs: number;
  value: number | null;
  reading: Telemetry | null;
  note?: string;
}

const openKey = (ruleId: number, deviceId: string) => `${ruleId}:${deviceId}`;

/** alerts and alert_transitions: every database call about alerts. */
@Injectable()
export class AlertsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(id: number): Promise<AlertRow | null> {
    const [row] = await this.db.query<Row>('SELECT * FROM alerts WHERE id = ?', [id]);
    return row ? toAlert(row) : null;
  }

  /** Alerts still active or acknowledged: reloaded at start so a restart never raises them again. */
  async listOpen(): Promise<AlertRow[]> {
    return (await this.db.query<Row>('SELECT * FROM alerts WHERE open_key IS NOT NULL ORDER BY id')).map(toAlert);
  }

  /**
   * Inserts an active alert and its first transition in one transaction. Returns null when an open
   * alert for the same rule and device already exists (the unique open_key refuses a second).
   */
  async insertActive(
    a: { ruleId: number; deviceId: string; kind: RuleKind; severity: AlertSeverity; value: number | null; threshold: number | null; message: string },
    t: TransitionFacts,
  ): Promise<AlertRow | null> {
    return this.db.transaction(async (tx) => {
      const { affectedRows, insertId } = await tx.execute(
        `${tx.sql.insertIgnore} INTO alerts (rule_id, device_id, kind, severity, state, value, threshold, message, raised_ms, last_notified_ms, open_key)
         VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
        [a.ruleId, a.deviceId, a.kind, a.severity, a.value, a.threshold, a.message, t.atMs, t.atMs, openKey(a.ruleId, a.deviceId)],
      );
      if (affectedRows === 0) return null;
      await this.insertTransition(tx, insertId, 'active', t);
      const [row] = await tx.query<Row>('SELECT * FROM alerts WHERE id = ?', [insertId]);
      return toAlert(row!);
    });
  }

  /** Moves an open alert to `state`; returns null when it was no longer in `from`. */
  async transition(id: number, from: AlertState[], state: 'acknowledged' | 'cleared', t: TransitionFacts & { by?: string }): Promise<AlertRow | null> {
    return this.db.transaction(async (tx) => {
      const placeholders = from.map(() => '?').join(', ');
      const set =
        state === 'cleared'
          ? 'state = ?, cleared_ms = ?, open_key = NULL'
          : 'state = ?, acknowledged_ms = ?, acknowledged_by = ?';
      const params = state === 'cleared' ? [state, t.atMs] : [state, t.atMs, t.by ?? null];
      const { affectedRows } = await tx.execute(`UPDATE alerts SET ${set} WHERE id = ? AND state IN (${placeholders})`, [...params, id, ...from]);
      if (affectedRows === 0) return null;
      await this.insertTransition(tx, id, state, t);
      const [row] = await tx.query<Row>('SELECT * FROM alerts WHERE id = ?', [id]);
      return toAlert(row!);
    });
  }

  async setLastNotified(id: number, atMs: number): Promise<void> {
    await this.db.execute('UPDATE alerts SET last_notified_ms = ? WHERE id = ?', [atMs, id]);
  }

  async setLoadShed(id: number, loadShed: LoadShed): Promise<AlertRow | null> {
    await this.db.execute('UPDATE alerts SET load_shed = ? WHERE id = ?', [loadShed, id]);
    return this.find(id);
  }

  async transitions(alertId: number): Promise<Array<{ state: string; ts_ms: number; value: number | null; reading: string | null; note: string | null }>> {
    return this.db.query('SELECT state, ts_ms, value, reading, note FROM alert_transitions WHERE alert_id = ? ORDER BY id', [alertId]);
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
