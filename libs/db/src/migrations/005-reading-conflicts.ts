import type { Migration } from './migration';

/**
 * Quarantine for readings whose seq is already stored with a different reading (a device that
 * re-used seqs, issue 13). They are kept here, never lost, so the ingest can ack them honestly; an
 * operator can look at them and, once the device is fixed, decide what they were. The fingerprint
 * (SHA-256 of what identifies a reading) makes a redelivery of the same conflicting reading a no-op.
 */
export const readingConflictsMigration: Migration = {
  version: 5,
  name: 'reading_conflicts: re-used seqs kept in quarantine',
  up: {
    mysql: [
      `CREATE TABLE reading_conflicts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id VARCHAR(64) NOT NULL,
  seq BIGINT UNSIGNED NOT NULL,
  fingerprint CHAR(64) NOT NULL,
  ts_ms BIGINT NOT NULL,
  ts_source VARCHAR(8) NOT NULL,
  received_ms BIGINT NOT NULL,
  voltage_v DOUBLE NOT NULL,
  current_a DOUBLE NOT NULL,
  power_w DOUBLE NOT NULL,
  power_kind VARCHAR(8) NOT NULL,
  apparent_power_va DOUBLE NOT NULL,
  power_factor DOUBLE NULL,
  energy_counter_wh DOUBLE NULL,
  meter_boot INT UNSIGNED NULL,
  meter_wh DOUBLE NULL,
  stored_id BIGINT UNSIGNED NULL,
  reason VARCHAR(500) NOT NULL,
  UNIQUE KEY uq_reading_conflicts (device_id, seq, fingerprint),
  KEY ix_reading_conflicts_ts (ts_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
    sqlite: [
      `CREATE TABLE reading_conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  ts_source TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  voltage_v REAL NOT NULL,
  current_a REAL NOT NULL,
  power_w REAL NOT NULL,
  power_kind TEXT NOT NULL,
  apparent_power_va REAL NOT NULL,
  power_factor REAL NULL,
  energy_counter_wh REAL NULL,
  meter_boot INTEGER NULL,
  meter_wh REAL NULL,
  stored_id INTEGER NULL,
  reason TEXT NOT NULL,
  UNIQUE (device_id, seq, fingerprint)
)`,
      'CREATE INDEX ix_reading_conflicts_ts ON reading_conflicts (ts_ms)',
    ],
  },
};
