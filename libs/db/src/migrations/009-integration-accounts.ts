import type { Migration } from './migration';

/**
 * MQTT accounts for third-party tools that may do a little more than an observer (issue 17): read
 * `energy/#` and the Home Assistant discovery topics, and ask for relay changes on
 * `svc/relay/{username}/{deviceId}/set` for the devices listed in `devices` (a JSON array; NULL: every
 * device). Written by provisioning (gateway and CLI), read by the broker.
 */
export const integrationAccountsMigration: Migration = {
  version: 9,
  name: 'integration_accounts: MQTT accounts for Home Assistant and other tools',
  up: {
    mysql: [
      `CREATE TABLE integration_accounts (
  username VARCHAR(64) NOT NULL PRIMARY KEY,
  secret_hash VARCHAR(255) NOT NULL,
  devices TEXT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  revoked_ms BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
    sqlite: [
      `CREATE TABLE integration_accounts (
  username TEXT NOT NULL PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  devices TEXT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  revoked_ms INTEGER NULL
)`,
    ],
  },
};
