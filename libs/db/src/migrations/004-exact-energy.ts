import type { Migration } from './migration';

const ROLLUPS = ['rollup_minute', 'rollup_hour', 'rollup_day'] as const;
const EXTREMES = ['v_min', 'v_max', 'i_min', 'i_max', 'p_min', 'p_max'];

/** The SQLite rollup tables as 001 made them, with the extremes nullable. */
function sqliteRollup(table: (typeof ROLLUPS)[number]): string {
  const bucket = table === 'rollup_day' ? 'day TEXT NOT NULL' : 'bucket_ms INTEGER NOT NULL';
  const stats = ['v', 'i', 'p'].flatMap((m) => [`${m}_sum REAL NOT NULL`, `${m}_min REAL NULL`, `${m}_max REAL NULL`]).join(',\n  ');
  return `CREATE TABLE ${table}_new (
  device_id TEXT NOT NULL,
  ${bucket},
  n INTEGER NOT NULL,
  ${stats},
  energy_wh REAL NOT NULL,
  PRIMARY KEY (device_id, ${table === 'rollup_day' ? 'day' : 'bucket_ms'})
)`;
}

/**
 * Exact energy (issue 13).
 * - `readings.meter_boot`, `readings.meter_wh`: the meter's boot number and its energy since that boot,
 *   so a late reading or a restarted ingest re-derives every delta exactly from stored rows.
 * - `readings.energy_from_ms`: the interval (energy_from_ms, ts_ms] the reading's energy was used in;
 *   rollups spread it linearly over the buckets it covers. NULL on older rows: all of it at ts_ms.
 * - Rollup extremes become nullable: a bucket inside a gap holds energy spread into it but no reading
 *   (n = 0), and has no minimum or maximum to show.
 */
export const exactEnergyMigration: Migration = {
  version: 4,
  name: 'meter boot and energy in readings, energy intervals, rollup buckets without readings',
  up: {
    mysql: [
      'ALTER TABLE readings ADD COLUMN meter_boot INT UNSIGNED NULL, ADD COLUMN meter_wh DOUBLE NULL, ADD COLUMN energy_from_ms BIGINT NULL',
      ...ROLLUPS.map((table) => `ALTER TABLE ${table} ${EXTREMES.map((c) => `MODIFY ${c} DOUBLE NULL`).join(', ')}`),
    ],
    sqlite: [
      'ALTER TABLE readings ADD COLUMN meter_boot INTEGER NULL',
      'ALTER TABLE readings ADD COLUMN meter_wh REAL NULL',
      'ALTER TABLE readings ADD COLUMN energy_from_ms INTEGER NULL',
      // SQLite cannot relax NOT NULL in place: rebuild each rollup table (same columns, same order).
      ...ROLLUPS.flatMap((table) => [
        sqliteRollup(table),
        `INSERT INTO ${table}_new SELECT * FROM ${table}`,
        `DROP TABLE ${table}`,
        `ALTER TABLE ${table}_new RENAME TO ${table}`,
      ]),
    ],
  },
};
