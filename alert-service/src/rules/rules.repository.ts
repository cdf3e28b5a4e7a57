import { Inject, Injectable } from '@nestjs/common';
import type { AlertRule, AlertRuleSettings } from '@energy/contracts';
import { toAlertRule as toRule, type AlertRuleRow as RuleRow, type Database } from '@energy/db';
import { DATABASE } from '@energy/service-kit/nest';

const columns = (s: AlertRuleSettings) => [
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

/** alert_rules: every database call about rules. Deletion is soft so old alerts keep their rule. */
@Injectable()
export class RulesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async listLive(): Promise<AlertRule[]> {
    return (await this.db.query<RuleRow>('SELECT * FROM alert_rules WHERE deleted_ms IS NULL ORDER BY id')).map(toRule);
  }

  async find(id: number): Promise<AlertRule | null> {
    const [row] = await this.db.query<RuleRow>('SELECT * FROM alert_rules WHERE id = ? AND deleted_ms IS NULL', [id]);
    return row ? toRule(row) : null;
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
      [...columns(settings), nowMs, nowMs],
    );
    return (await this.find(insertId))!;
  }

  async update(id: number, settings: AlertRuleSettings, nowMs: number): Promise<AlertRule | null> {
    const { affectedRows } = await this.db.execute(
      `UPDATE alert_rules SET name = ?, device_id = ?, kind = ?, threshold = ?, threshold_low = ?, clear_threshold = ?, clear_threshold_low = ?,
        hold_s = ?, repeat_min = ?, severity = ?, recipients = ?, shed_load = ?, shed_window_s = ?, enabled = ?, updated_ms = ?
        WHERE id = ? AND deleted_ms IS NULL`,
      [...columns(settings), nowMs, id],
    );
    return affectedRows === 0 ? null : this.find(id);
  }

  async softDelete(id: number, nowMs: number): Promise<boolean> {
    const { affectedRows } = await this.db.execute('UPDATE alert_rules SET deleted_ms = ?, updated_ms = ? WHERE id = ? AND deleted_ms IS NULL', [nowMs, nowMs, id]);
    return affectedRows > 0;
  }
}
