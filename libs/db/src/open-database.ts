import type { Database } from './database';
import { MysqlDatabase } from './mysql-database';
import { SqliteDatabase } from './sqlite-database';

export interface DatabaseSettings {
  /** `mysql://user:pass@host:3306/db`; when set, MySQL is used. */
  databaseUrl?: string;
  /** Embedded store file, used when no URL is set. */
  sqlitePath: string;
  connectionLimit?: number;
}

export function openDatabase(settings: DatabaseSettings): Database {
  if (settings.databaseUrl) return new MysqlDatabase(settings.databaseUrl, settings.connectionLimit);
  return new SqliteDatabase(settings.sqlitePath);
}

/** For logs: the URL without its password. */
export function describeDatabase(settings: DatabaseSettings): string {
  if (!settings.databaseUrl) return `sqlite:${settings.sqlitePath}`;
  const url = new URL(settings.databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
