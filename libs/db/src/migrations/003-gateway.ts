import type { Migration } from './migration';

/**
 * The gateway's own tables: dashboard users, API keys for scripts, login sessions (so a logout
 * really ends a token), settings it must keep across restarts (the generated session secret), and
 * the tariff. Only the gateway writes them.
 */
export const gatewayMigration: Migration = {
  version: 3,
  name: 'gateway users, api keys, sessions, settings and tariff',
  up: {
    mysql: [
      `CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  password_changed_ms BIGINT NOT NULL,
  UNIQUE KEY uq_users_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE api_keys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  access VARCHAR(8) NOT NULL,
  key_sha256 CHAR(64) NOT NULL,
  key_hint VARCHAR(16) NOT NULL,
  created_by VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  last_used_ms BIGINT NULL,
  revoked_ms BIGINT NULL,
  UNIQUE KEY uq_api_keys_sha256 (key_sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE sessions (
  id CHAR(32) NOT NULL PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  revoked_ms BIGINT NULL,
  KEY ix_sessions_expires (expires_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE gateway_settings (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE tariffs (
  id INT NOT NULL PRIMARY KEY,
  currency CHAR(3) NOT NULL,
  flat_rate_per_kwh DOUBLE NOT NULL,
  standing_charge_per_day DOUBLE NOT NULL,
  time_of_use TEXT NOT NULL,
  updated_ms BIGINT NOT NULL,
  updated_by VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
    sqlite: [
      `CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  password_changed_ms INTEGER NOT NULL
)`,
      `CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  access TEXT NOT NULL,
  key_sha256 TEXT NOT NULL UNIQUE,
  key_hint TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  last_used_ms INTEGER NULL,
  revoked_ms INTEGER NULL
)`,
      `CREATE TABLE sessions (
  id TEXT NOT NULL PRIMARY KEY,
  username TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  revoked_ms INTEGER NULL
)`,
      'CREATE INDEX ix_sessions_expires ON sessions (expires_ms)',
      `CREATE TABLE gateway_settings (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
)`,
      `CREATE TABLE tariffs (
  id INTEGER NOT NULL PRIMARY KEY,
  currency TEXT NOT NULL,
  flat_rate_per_kwh REAL NOT NULL,
  standing_charge_per_day REAL NOT NULL,
  time_of_use TEXT NOT NULL,
  updated_ms INTEGER NOT NULL,
  updated_by TEXT NOT NULL
)`,
    ],
  },
};
