import type { Database } from '../database';
import { migrations as allMigrations, type Migration } from './index';

export interface MigrationReport {
  applied: number[];
  current: number;
}

const LOCK_NAME = 'energy_monitor_migrations';

/**
 * Applies pending migrations. Several services start at once and all call this, so MySQL takes a
 * named lock and SQLite an immediate transaction; the loser finds the work done.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<MigrationReport> {
  if (db.dialect === 'mysql') {
    const [lock] = await db.query<{ got: number }>('SELECT GET_LOCK(?, 60) AS got', [LOCK_NAME]);
    if (lock?.got !== 1) throw new Error('could not take the migration lock within 60 s');
  }
  try {
    await db.execute(
      db.dialect === 'mysql'
        ? 'CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_ms BIGINT NOT NULL) ENGINE=InnoDB'
        : 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)',
    );
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      const done = await applyOne(db, migration);
      if (done) applied.push(migration.version);
    }
    const [row] = await db.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    return { applied, current: Number(row?.v ?? 0) };
  } finally {
    if (db.dialect === 'mysql') await db.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
  }
}

async function applyOne(db: Database, migration: Migration): Promise<boolean> {
  const isApplied = async () => (await db.query('SELECT version FROM schema_migrations WHERE version = ?', [migration.version])).length > 0;
  if (await isApplied()) return false;
  if (db.dialect === 'sqlite') {
    // SQLite DDL is transactional: the whole migration lands or none of it.
    return db.transaction(async (tx) => {
      if ((await tx.query('SELECT version FROM schema_migrations WHERE version = ?', [migration.version])).length > 0) return false;
      for (const statement of migration.up.sqlite) await tx.execute(statement);
      await tx.execute('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      return true;
    });
  }
  // MySQL commits DDL implicitly, so a migration is written to be re-runnable statement by statement
  // only in the sense that the lock above keeps two runners from interleaving.
  for (const statement of migration.up.mysql) await db.execute(statement);
  await db.execute('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
  return true;
}
