import type { Migration } from './migration';

const measureColumns = (real: string) =>
  ['v', 'i', 'p'].flatMap((m) => [`${m}_sum ${real} NOT NULL`, `${m}_min ${real} NOT NULL`, `${m}_max ${real} NOT NULL`]).join(',\n  ');

/**
 * Devices and observers (the broker's credential store), raw readings, rollups, and the seed's
 * `data` view. Timestamps are UTC milliseconds in BIGINT so both dialects compare them alike;
 * the local date, weekday and time are computed in the site time zone at insert time.
 */
export const coreMigration: Migration = {
  version: 1,
  name: 'devices, readings, rollups and the seed data view',
  up: {
    mysql: [
      `CREATE TABLE devices (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(128) NOT NULL,
  secret_hash VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  rotated_ms BIGINT NULL,
  revoked_ms BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE observers (
  username VARCHAR(64) NOT NULL PRIMARY KEY,
  secret_hash VARCHAR(255) NOT NULL,
  created_ms BIGINT NOT NULL,
  revoked_ms BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE readings (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id VARCHAR(64) NOT NULL,
  seq BIGINT UNSIGNED NULL,
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
  energy_delta_wh DOUBLE NOT NULL,
  local_date DATE NOT NULL,
  local_day VARCHAR(9) NOT NULL,
  local_time TIME NOT NULL,
  UNIQUE KEY uq_readings_device_seq (device_id, seq),
  KEY ix_readings_device_ts (device_id, ts_ms),
  KEY ix_readings_ts (ts_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      ...['minute', 'hour'].map(
        (size) => `CREATE TABLE rollup_${size} (
  device_id VARCHAR(64) NOT NULL,
  bucket_ms BIGINT NOT NULL,
  n INT NOT NULL,
  ${measureColumns('DOUBLE')},
  energy_wh DOUBLE NOT NULL,
  PRIMARY KEY (device_id, bucket_ms)
) ENGINE=InnoDB`,
      ),
      `CREATE TABLE rollup_day (
  device_id VARCHAR(64) NOT NULL,
  day DATE NOT NULL,
  n INT NOT NULL,
  ${measureColumns('DOUBLE')},
  energy_wh DOUBLE NOT NULL,
  PRIMARY KEY (device_id, day)
) ENGINE=InnoDB`,
      `CREATE VIEW data AS SELECT id AS ID, local_date AS date, local_day AS day, local_time AS time,
  voltage_v AS Voltage_V, current_a AS Current_I, power_w AS Power_W, device_id FROM readings`,
    ],
    sqlite: [
      `CREATE TABLE devices (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  rotated_ms INTEGER NULL,
  revoked_ms INTEGER NULL
)`,
      `CREATE TABLE observers (
  username TEXT NOT NULL PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER NULL
)`,
      `CREATE TABLE readings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  seq INTEGER NULL,
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
  energy_delta_wh REAL NOT NULL,
  local_date TEXT NOT NULL,
  local_day TEXT NOT NULL,
  local_time TEXT NOT NULL,
  UNIQUE (device_id, seq)
)`,
      'CREATE INDEX ix_readings_device_ts ON readings (device_id, ts_ms)',
      'CREATE INDEX ix_readings_ts ON readings (ts_ms)',
      ...['minute', 'hour'].map(
        (size) => `CREATE TABLE rollup_${size} (
  device_id TEXT NOT NULL,
  bucket_ms INTEGER NOT NULL,
  n INTEGER NOT NULL,
  ${measureColumns('REAL')},
  energy_wh REAL NOT NULL,
  PRIMARY KEY (device_id, bucket_ms)
)`,
      ),
      `CREATE TABLE rollup_day (
  device_id TEXT NOT NULL,
  day TEXT NOT NULL,
  n INTEGER NOT NULL,
  ${measureColumns('REAL')},
  energy_wh REAL NOT NULL,
  PRIMARY KEY (device_id, day)
)`,
      `CREATE VIEW data AS SELECT id AS ID, local_date AS date, local_day AS day, local_time AS time,
  voltage_v AS Voltage_V, current_a AS Current_I, power_w AS Power_W, device_id FROM readings`,
    ],
  },
};
