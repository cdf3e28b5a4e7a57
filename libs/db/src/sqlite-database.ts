import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, ExecuteResult, Queryable, SqlDialect, SqlParam } from './database';
import { assertScalarParams } from './database';

export const sqliteDialect: SqlDialect = {
  insertIgnore: 'INSERT OR IGNORE',
  greatest: (a, b) => `MAX(${a}, ${b})`,
  least: (a, b) => `MIN(${a}, ${b})`,
  incoming: (column) => `excluded.${column}`,
  onConflictUpdate: (conflict, assignments) =>
    `ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET ${Object.entries(assignments)
      .map(([column, expr]) => `${column} = ${expr}`)
      .join(', ')}`,
};

const toDriver = (params: readonly SqlParam[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * Embedded store. better-sqlite3 is synchronous and single-connection, so an async transaction
 * must hold a lock that every other statement waits for; otherwise two transactions interleave.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  readonly sql = sqliteDialect;
  private readonly db: BetterSqlite3.Database;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    // The directory (.data/ by default) also holds secrets (the session secret, the admin password
    // file): created for this user only (issue 16).
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.db = new BetterSqlite3(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Several processes (broker, ingest, alert, gateway) share the file in embedded mode.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  private runQuery<T>(sql: string, params: readonly SqlParam[]): T[] {
    assertScalarParams(params);
    const statement = this.db.prepare(sql);
    if (statement.reader) return statement.all(...toDriver(params)) as T[];
    statement.run(...toDriver(params));
    return [];
  }

  private runExecute(sql: string, params: readonly SqlParam[]): ExecuteResult {
    assertScalarParams(params);
    const info = this.db.prepare(sql).run(...toDriver(params));
    return { affectedRows: info.changes, insertId: Number(info.lastInsertRowid) };
  }

  private exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.exclusive(() => this.runQuery<T>(sql, params));
  }

  execute(sql: string, params: readonly SqlParam[] = []): Promise<ExecuteResult> {
    return this.exclusive(() => this.runExecute(sql, params));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const tx: Queryable = {
        dialect: this.dialect,
        sql: this.sql,
        query: async <R>(sql: string, params: readonly SqlParam[] = []) => this.runQuery<R>(sql, params),
        execute: async (sql: string, params: readonly SqlParam[] = []) => this.runExecute(sql, params),
      };
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async *stream<T>(sql: string, params: readonly SqlParam[] = []): AsyncIterable<T> {
    assertScalarParams(params);
    // iterate() reads row by row; yielding between pages keeps other work moving.
    const iterator = this.db.prepare(sql).iterate(...toDriver(params)) as IterableIterator<T>;
    let sinceYield = 0;
    for (const row of iterator) {
      yield row;
      if (++sinceYield === 1000) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.lock;
    this.db.close();
  }
}
