import { Inject, Injectable } from '@nestjs/common';
import type { AlertRule } from '@energy/contracts';
import type { Database } from '@energy/db';
import { DATABASE } from '../database/database.module';

interface RuleRow {
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

const num = (v: number | null) => (v === null ? null : Number(v));
const toRule = (r: RuleRow): AlertRule => ({
  id: Number(r.id),
  name: r.name,
  deviceId: r.device_id,
  kind: r.kind,
  threshold: Number(r.threshold),
  thresholdLow: num(r.threshold_low),
  clearThreshold: num(r.clear_threshold),
  clearThresholdLow: num(r.clear_threshold_low),
  holdSeconds: Number(r.hold_s),
  repeatMinutes: Number(r.repeat_min),
  severity: r.severity,
  recipients: JSON.parse(r.recipients) as string[],
  shedLoad: Boolean(Number(r.shed_load)),
  shedWindowSeconds: num(r.shed_window_s),
  enabled: Boolean(Number(r.enabled)),
  createdAt: Number(r.created_ms),
  updatedAt: Number(r.updated_ms),
});

const COLUMNS =
  'id, name, device_id, kind, threshold, threshold_low, clear_threshold, clear_threshold_low, hold_s, repeat_min, severity, recipients, shed_load, shed_window_s, enabled, created_ms, updated_ms';

/** Reads of alert_rules (the alert service writes them; deleted rules are soft-deleted and hidden). */
@Injectable()
export class RulesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(): Promise<AlertRule[]> {
    return (await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE deleted_ms IS NULL ORDER BY id`)).map(toRule);
  }

  async find(id: number): Promise<AlertRule | null> {
    const [row] = await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE id = ? AND deleted_ms IS NULL`, [id]);
    return row ? toRule(row) : null;
  }
}
