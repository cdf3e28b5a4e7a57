import { Inject, Injectable } from '@nestjs/common';
import type { AlertRecord, AlertState } from '@energy/contracts';
import type { Database, SqlParam } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

export interface AlertFilter {
  deviceId?: string;
  state?: AlertState;
  fromMs?: number;
  toMs?: number;
  limit: number;
}

export interface DeliveryRow {
  alert_id: number;
  event: string;
  channel: string;
  recipient: string;
  attempt: number;
  outcome: string;
  error: string | null;
  started_ms: number;
}

interface AlertRow {
  id: number;
  device_id: string;
  rule_id: number;
  kind: AlertRecord['kind'];
  severity: AlertRecord['severity'];
  state: AlertState;
  value: number | null;
  threshold: number | null;
  message: string;
  raised_ms: number;
  acknowledged_ms: number | null;
  cleared_ms: number | null;
  load_shed: AlertRecord['loadShed'];
}

const num = (v: number | null) => (v === null ? null : Number(v));
const toRecord = (r: AlertRow): AlertRecord => ({
  id: Number(r.id),
  deviceId: r.device_id,
  ruleId: Number(r.rule_id),
  kind: r.kind,
  severity: r.severity,
  state: r.state,
  value: num(r.value),
  threshold: num(r.threshold),
  message: r.message,
  raisedAt: Number(r.raised_ms),
  acknowledgedAt: num(r.acknowledged_ms),
  clearedAt: num(r.cleared_ms),
  loadShed: r.load_shed ?? null,
});

const COLUMNS = 'id, device_id, rule_id, kind, severity, state, value, threshold, message, raised_ms, acknowledged_ms, cleared_ms, load_shed';

/** Reads of the alert service's tables (it is their only writer). */
@Injectable()
export class AlertsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(filter: AlertFilter): Promise<AlertRecord[]> {
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
    const rows = await this.db.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY raised_ms DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toRecord);
  }

  async find(id: number): Promise<AlertRecord | null> {
    const [row] = await this.db.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`, [id]);
    return row ? toRecord(row) : null;
  }

  async deliveries(alertIds: readonly number[]): Promise<DeliveryRow[]> {
    if (alertIds.length === 0) return [];
    return this.db.query<DeliveryRow>(
      `SELECT alert_id, event, channel, recipient, attempt, outcome, error, started_ms FROM notification_deliveries
       WHERE alert_id IN (${alertIds.map(() => '?').join(', ')}) ORDER BY id`,
      [...alertIds],
    );
  }
}
