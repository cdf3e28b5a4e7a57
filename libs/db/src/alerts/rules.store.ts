import type { AlertRule, AlertRuleSettings } from '@energy/contracts';
import type { Database } from '../database';

/** A row of `alert_rules` (migration 002), as the drivers return it. */
interface AlertRuleRow {
  id: number;
  name: string;
  device_id: string | null;
  kind: AlertRule['kind'];
  threshold: number;
  threshold_low: number | null;
  clear_threshold: number | null;
  clear_threshold_low: number | null;
  hold_s: number;
  repeat_min: number;
  severity: AlertRule['severity'];
  recipients: string;
  shed_load: number | boolean;
  shed_window_s: number | null;
  enabled: number | boolean;
  created_ms: number;
  updated_ms: number;
}

const COLUMNS =
  'id, name, device_id, kind, threshold, threshold_low, clear_threshold, clear_threshold_low, hold_s, repeat_min, severity, recipients, shed_load, shed_window_s, enabled, created_ms, updated_ms';

const numberOrNull = (v: number | null) => (v === null ? null : Number(v));

/** Drivers differ (SQLite booleans are 0/1, MySQL may return strings for BIGINT): normalised here once. */
function toAlertRule(r: AlertRuleRow): AlertRule {
  return {
    id: Number(r.id),
    name: r.name,
    deviceId: r.device_id,
    kind: r.kind,
    threshold: Number(r.threshold),
    thresholdLow: numberOrNull(r.threshold_low),
    clearThreshold: numberOrNull(r.clear_threshold),
    clearThresholdLow: numberOrNull(r.clear_threshold_low),
    holdSeconds: Number(r.hold_s),
    repeatMinutes: Number(r.repeat_min),
    severity: r.severity,
    recipients: JSON.parse(r.recipients) as string[],
    shedLoad: Boolean(Number(r.shed_load)),
    shedWindowSeconds: numberOrNull(r.shed_window_s),
    enabled: Boolean(Number(r.enabled)),
    createdAt: Number(r.created_ms),
    updatedAt: Number(r.updated_ms),
  };
}

const settingsColumns = (s: AlertRuleSettings) => [
  s.name,
  s.deviceId,
  s.kind,
  s.threshold,
  s.thresholdLow,
  s.clearThreshold,
  s.clearThresholdLow,
  s.holdSeconds,
  s.repeatMinutes,
  s.severity,
  JSON.stringify(s.recipients),
  s.shedLoad ? 1 : 0,
  s.shedWindowSeconds,
  s.enabled ? 1 : 0,
];

/**
 * alert_rules: the only module that knows their SQL. The alert service writes them (the gateway asks
 * it to); both read them here. Deletion is soft so old alerts keep their rule; deleted rules are hidden.
 */
export class AlertRulesStore {
  constructor(private readonly db: Database) {}

  async listLive(): Promise<AlertRule[]> {
    return (await this.db.query<AlertRuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE deleted_ms IS NULL ORDER BY id`)).map(toAlertRule);
  }

  async find(id: number): Promise<AlertRule | null> {
    const [row] = await this.db.query<AlertRuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = ? AND deleted_ms IS NULL`, [id]);
    return row ? toAlertRule(row) : null;
  }

  /** Counts deleted rules too: a site that deleted every rule on purpose must not get the default back. */
  async countEver(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM alert_rules');
    return Number(row?.n ?? 0);
  }

  async insert(settings: AlertRuleSettings, nowMs: number): Promise<AlertRule> {
    const { insertId } = await this.db.execute(
      `INSERT INTO alert_rules (name, device_id, kind, threshold, threshold_low, clear_threshold, clear_threshold_low, hold_s, repeat_min,
        severity, recipients, shed_load, shed_window_s, enabled, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...settingsColumns(settings), nowMs, nowMs],
    );
    return (await this.find(insertId))!;
  }

  async update(id: number, settings: AlertRuleSettings, nowMs: number): Promise<AlertRule | null> {
    const { affectedRows } = await this.db.execute(
      `UPDATE alert_rules SET name = ?, device_id = ?, kind = ?, threshold = ?, threshold_low = ?, clear_threshold = ?, clear_threshold_low = ?,
        hold_s = ?, repeat_min = ?, severity = ?, recipients = ?, shed_load = ?, shed_window_s = ?, enabled = ?, updated_ms = ?
        WHERE id = ? AND deleted_ms IS NULL`,
      [...settingsColumns(settings), nowMs, id],
    );
    return affectedRows === 0 ? null : this.find(id);
  }

  async softDelete(id: number, nowMs: number): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE alert_rules SET deleted_ms = ?, updated_ms = ? WHERE id = ? AND deleted_ms IS NULL', [nowMs, nowMs, id]);
    return affectedRows > 0;
  }
}
