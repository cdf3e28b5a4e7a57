import { localTimeColumns } from '../readings/local-time-sql';
import type { Migration } from './migration';

const DATA_VIEW = (dialect: 'mysql' | 'sqlite') =>
  `CREATE VIEW data AS SELECT id AS ID, ${localTimeColumns(dialect).replace(/ AS local_date/, ' AS date').replace(/ AS local_day/, ' AS day').replace(/ AS local_time/, ' AS time')},
  voltage_v AS Voltage_V, current_a AS Current_I, power_w AS Power_W, device_id FROM readings`;

/**
 * Rows store what cannot be derived (issue 15). The site-local date, weekday and time of a reading
 * follow from `ts_ms` and the site's time zone, so they leave `readings`; the seed's `data` view
 * computes them from `site_time_offsets`, the zone's UTC offsets from 1970 to 2100, which the ingest
 * writes for its SITE_TIMEZONE at start-up (UTC until then). Readers that showed the columns use
 * `localTimeColumns`, the same expressions.
 */
export const localTimeComputedMigration: Migration = {
  version: 6,
  name: 'readings without local date, day and time; site_time_offsets; the data view computes them',
  up: {
    mysql: [
      `CREATE TABLE site_time_offsets (
  from_ms BIGINT NOT NULL PRIMARY KEY,
  offset_ms INT NOT NULL,
  zone VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      "INSERT INTO site_time_offsets (from_ms, offset_ms, zone) VALUES (-8640000000000000, 0, 'UTC')",
      'DROP VIEW data',
      'ALTER TABLE readings DROP COLUMN local_date, DROP COLUMN local_day, DROP COLUMN local_time',
      DATA_VIEW('mysql'),
    ],
    sqlite: [
      `CREATE TABLE site_time_offsets (
  from_ms INTEGER NOT NULL PRIMARY KEY,
  offset_ms INTEGER NOT NULL,
  zone TEXT NOT NULL
)`,
      "INSERT INTO site_time_offsets (from_ms, offset_ms, zone) VALUES (-8640000000000000, 0, 'UTC')",
      'DROP VIEW data',
      'ALTER TABLE readings DROP COLUMN local_date',
      'ALTER TABLE readings DROP COLUMN local_day',
      'ALTER TABLE readings DROP COLUMN local_time',
      DATA_VIEW('sqlite'),
    ],
  },
};
