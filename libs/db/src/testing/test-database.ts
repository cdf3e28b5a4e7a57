import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Database } from '../database';
import { migrate } from '../migrations/migrate';
import { MysqlDatabase } from '../mysql-database';
import { SqliteDatabase } from '../sqlite-database';

/** The MariaDB every integration test uses; CI starts it. Override with TEST_MYSQL_URL. */
export const TEST_MYSQL_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface TestDatabase {
  db: Database;
  /** The URL (mysql) or file path (sqlite) a child process can open. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated MariaDB database of its own, so test files never see each other's rows.
 * `.ci/run` sweeps leftover `energy_test_*` databases; long runs (the chaos soak) use another prefix.
 */
export async function createMysqlTestDatabase(prefix = 'energy_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = await mysql.createConnection(TEST_MYSQL_URL);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const url = new URL(TEST_MYSQL_URL);
  url.pathname = `/${name}`;
  const db = new MysqlDatabase(url.toString());
  await migrate(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close().catch(() => undefined);
      const conn = await mysql.createConnection(TEST_MYSQL_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'energy-sqlite-'));
  const path = join(dir, 'energy.sqlite');
  const db = new SqliteDatabase(path);
  await migrate(db);
  return {
    db,
    url: path,
    drop: async () => {
      await db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const testDatabaseFactories = { mysql: createMysqlTestDatabase, sqlite: createSqliteTestDatabase } as const;
