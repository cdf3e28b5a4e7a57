import type { Migration } from './migration';

type Types = { id: string; text: (n: number) => string; long: string; big: string; int: string; real: string; bool: string; tail: string };
const mysql: Types = {
  id: 'BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY',
  text: (n) => `VARCHAR(${n})`,
  long: 'TEXT',
  big: 'BIGINT',
  int: 'INT',
  real: 'DOUBLE',
  bool: 'TINYINT(1)',
  tail: ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
};
const sqlite: Types = { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', text: () => 'TEXT', long: 'TEXT', big: 'INTEGER', int: 'INTEGER', real: 'REAL', bool: 'INTEGER', tail: '' };

/**
 * The alert service's tables (it is their only writer; the gateway reads them).
 * - alert_rules: soft-deleted (deleted_ms) so old alerts keep their rule.
 * - alerts: one row per alert; `open_key` is `{rule}:{device}` while the alert is active or
 *   acknowledged and NULL once cleared, so the unique key allows one open alert per rule and device.
 * - alert_transitions: every state change, with the reading (Telemetry JSON) that caused it.
 * - notification_deliveries: every attempt to deliver a message, and its outcome.
 * - relay_commands: load-shedding commands and whether the device confirmed them.
 */
const statements = (t: Types): string[] => [
  `CREATE TABLE alert_rules (
  id ${t.id},
  name ${t.text(128)} NOT NULL,
  device_id ${t.text(64)} NULL,
  kind ${t.text(32)} NOT NULL,
  threshold ${t.real} NOT NULL,
  threshold_low ${t.real} NULL,
  clear_threshold ${t.real} NULL,
  clear_threshold_low ${t.real} NULL,
  hold_s ${t.int} NOT NULL,
  repeat_min ${t.int} NOT NULL,
  severity ${t.text(16)} NOT NULL,
  recipients ${t.long} NOT NULL,
  shed_load ${t.bool} NOT NULL,
  shed_window_s ${t.int} NULL,
  enabled ${t.bool} NOT NULL,
  created_ms ${t.big} NOT NULL,
  updated_ms ${t.big} NOT NULL,
  deleted_ms ${t.big} NULL
)${t.tail}`,
  `CREATE TABLE alerts (
  id ${t.id},
  rule_id ${t.big} NOT NULL,
  device_id ${t.text(64)} NOT NULL,
  kind ${t.text(32)} NOT NULL,
  severity ${t.text(16)} NOT NULL,
  state ${t.text(16)} NOT NULL,
  value ${t.real} NULL,
  threshold ${t.real} NULL,
  message ${t.long} NOT NULL,
  raised_ms ${t.big} NOT NULL,
  acknowledged_ms ${t.big} NULL,
  acknowledged_by ${t.text(64)} NULL,
  cleared_ms ${t.big} NULL,
  last_notified_ms ${t.big} NULL,
  load_shed ${t.text(16)} NULL,
  open_key ${t.text(100)} NULL,
  UNIQUE (open_key)
)${t.tail}`,
  'CREATE INDEX ix_alerts_device_raised ON alerts (device_id, raised_ms)',
  'CREATE INDEX ix_alerts_state ON alerts (state)',
  `CREATE TABLE alert_transitions (
  id ${t.id},
  alert_id ${t.big} NOT NULL,
  state ${t.text(16)} NOT NULL,
  ts_ms ${t.big} NOT NULL,
  value ${t.real} NULL,
  reading ${t.long} NULL,
  note ${t.text(255)} NULL
)${t.tail}`,
  'CREATE INDEX ix_alert_transitions_alert ON alert_transitions (alert_id)',
  `CREATE TABLE notification_deliveries (
  id ${t.id},
  alert_id ${t.big} NULL,
  event ${t.text(16)} NOT NULL,
  channel ${t.text(32)} NOT NULL,
  recipient ${t.text(32)} NOT NULL,
  attempt ${t.int} NOT NULL,
  outcome ${t.text(16)} NOT NULL,
  http_status ${t.int} NULL,
  error ${t.long} NULL,
  started_ms ${t.big} NOT NULL,
  duration_ms ${t.int} NOT NULL
)${t.tail}`,
  'CREATE INDEX ix_notification_deliveries_alert ON notification_deliveries (alert_id)',
  `CREATE TABLE relay_commands (
  id ${t.id},
  cmd_id ${t.text(64)} NOT NULL,
  device_id ${t.text(64)} NOT NULL,
  alert_id ${t.big} NULL,
  state ${t.text(3)} NOT NULL,
  reason ${t.text(200)} NOT NULL,
  status ${t.text(16)} NOT NULL,
  attempts ${t.int} NOT NULL,
  requested_ms ${t.big} NOT NULL,
  last_sent_ms ${t.big} NOT NULL,
  confirmed_ms ${t.big} NULL,
  UNIQUE (cmd_id)
)${t.tail}`,
  'CREATE INDEX ix_relay_commands_device ON relay_commands (device_id, status)',
];

export const alertsMigration: Migration = {
  version: 2,
  name: 'alert rules, alerts, transitions, notification deliveries and relay commands',
  up: { mysql: statements(mysql), sqlite: statements(sqlite) },
};
