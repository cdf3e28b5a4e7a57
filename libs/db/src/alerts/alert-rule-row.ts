import type { AlertRule } from '@energy/contracts';

/** A row of `alert_rules` (migration 002): written by the alert service, read by it and the gateway. */
export interface AlertRuleRow {
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

export const ALERT_RULE_COLUMNS =
  'id, name, device_id, kind, threshold, threshold_low, clear_threshold, clear_threshold_low, hold_s, repeat_min, severity, recipients, shed_load, shed_window_s, enabled, created_ms, updated_ms';

const numberOrNull = (v: number | null) => (v === null ? null : Number(v));

/** Drivers differ (SQLite booleans are 0/1, MySQL may return strings for BIGINT): normalise here once. */
export function toAlertRule(r: AlertRuleRow): AlertRule {
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
