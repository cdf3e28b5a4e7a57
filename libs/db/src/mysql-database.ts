import type { Connection as CallbackConnection } from 'mysql2';
import mysql from 'mysql2/promise';
import type { Database, ExecuteResult, Queryable, SqlDialect, SqlParam } from './database';
import { assertScalarParams } from './database';

export const mysqlDialect: SqlDialect = {
  insertIgnore: 'INSERT IGNORE',
  greatest: (a, b) => `GREATEST(${a}, ${b})`,
  least: (a, b) => `LEAST(${a}, ${b})`,
  incoming: (column) => `VALUES(${column})`,
  onConflictUpdate: (_conflict, assignments) =>
    `ON DUPLICATE KEY UPDATE ${Object.entries(assignments)
      .map(([column, expr]) => `${column} = ${expr}`)
      .join(', ')}`,
};

type Connectionish = Pick<mysql.Pool, 'query'>;

class MysqlQueryable implements Queryable {
  readonly dialect = 'mysql' as const;
  readonly sql = mysqlDialect;
  constructor(protected readonly conn: Connectionish) {}

  async query<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    assertScalarParams(params);
    // query() with client-side escaping: execute() would prepare (and cache) every distinct
    // multi-row INSERT shape. Params are scalars only, so no object expansion can happen.
    const [rows] = await this.conn.query(sql, params as SqlParam[]);
    return rows as T[];
  }

  async execute(sql: string, params: readonly SqlParam[] = []): Promise<ExecuteResult> {
    assertScalarParams(params);
    // With values null mysql2 sends the text as it is; without values, or with an empty list, it
    // still scans a megabyte-long multi-row INSERT for placeholders.
    const [result] = await this.conn.query(sql, params.length === 0 ? null : (params as SqlParam[]));
    const header = result as mysql.ResultSetHeader;
    return { affectedRows: header.affectedRows, insertId: Number(header.insertId) };
  }
}

export class MysqlDatabase extends MysqlQueryable implements Database {
  private readonly pool: mysql.Pool;

  constructor(url: string, connectionLimit = 10) {
    const pool = mysql.createPool({
      uri: url,
      connectionLimit,
      timezone: 'Z',
      decimalNumbers: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: true,
      enableKeepAlive: true,
      connectTimeout: 5_000,
    });
    super(pool);
    this.pool = pool;
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const conn = await this.pool.getConnection();
    try {
      await conn.beginTransaction();
      const result = await work(new MysqlQueryable(conn));
      await conn.commit();
      return result;
    } catch (err) {
      await conn.rollback().catch(() => undefined);
      throw err;
    } finally {
      conn.release();
    }
  }

  async *stream<T>(sql: string, params: readonly SqlParam[] = []): AsyncIterable<T> {
    assertScalarParams(params);
    const conn = await this.pool.getConnection();
    let finished = false;
    try {
      // The callback-style connection streams rows without buffering the result set.
      const callbackConnection = conn.connection as unknown as CallbackConnection;
      const rows = callbackConnection.query(sql, params as SqlParam[]).stream({ highWaterMark: 500 });
      for await (const row of rows) yield row as T;
      finished = true;
    } finally {
      // A consumer that stops early (a client aborting an export) leaves the server still sending
      // rows: that connection must not go back to the pool.
      if (finished) conn.release();
      else conn.destroy();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
