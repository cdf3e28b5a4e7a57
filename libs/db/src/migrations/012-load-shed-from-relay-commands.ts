import type { Migration } from './migration';

const statements = [
  // Every read of an alert derives its load_shed from the commands sent for it (libs/db relay/load-shed.ts).
  'CREATE INDEX ix_relay_commands_alert ON relay_commands (alert_id)',
  'ALTER TABLE alerts DROP COLUMN load_shed',
];

/**
 * Load shedding keeps its state in relay_commands only (issue 14). `alerts.load_shed` was a second
 * copy that shedding wrote back into the alert (and then published the alert a second time); an
 * alert's `loadShed` is now derived from the relay commands sent for it, so the column goes, and
 * relay_commands gets an index on `alert_id` for that lookup.
 */
export const loadShedFromRelayCommandsMigration: Migration = {
  version: 12,
  name: 'alerts.load_shed derived from relay_commands: column dropped, relay_commands indexed by alert',
  up: { mysql: statements, sqlite: statements },
};
