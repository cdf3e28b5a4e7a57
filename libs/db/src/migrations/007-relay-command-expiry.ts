import type { Migration } from './migration';

const columns = (big: string, text: (n: number) => string) => [
  `ALTER TABLE relay_commands ADD COLUMN expires_ms ${big} NULL`,
  `ALTER TABLE relay_commands ADD COLUMN source ${text(16)} NULL`,
  `ALTER TABLE relay_commands ADD COLUMN requested_by ${text(64)} NULL`,
  `ALTER TABLE relay_commands ADD COLUMN reported_state ${text(3)} NULL`,
];

/**
 * Relay commands that cannot act late, and manual relay control (issues 16 and 17).
 * - `expires_ms`: the command's `expires_at`; a device refuses it from then on, and the service stops
 *   sending it (`requested_ms` is its `issued_at`). NULL on commands sent before this migration.
 * - `source` (load_shed, shed_window, api, alert_restore, mqtt) and `requested_by` (who asked): the audit.
 * - `reported_state`: the state the device last reported when the command ended without acting
 *   (failed, expired), so what the relay is really doing is on record.
 */
export const relayCommandExpiryMigration: Migration = {
  version: 7,
  name: 'relay_commands: expiry, source, requester and the state reported when a command did not act',
  up: {
    mysql: columns('BIGINT', (n) => `VARCHAR(${n})`),
    sqlite: columns('INTEGER', () => 'TEXT'),
  },
};
