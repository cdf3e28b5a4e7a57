/**
 * The storage port every service talks to. Two adapters implement it: MySQL/MariaDB (production)
 * and embedded SQLite (the zero-setup default). Every dialect difference stays behind `sql`.
 */
export type Dialect = 'mysql' | 'sqlite';

/** Only scalars may be bound: an object would let mysql2 expand it into SQL (sidorares/node-mysql2#1914). */
export type SqlParam = string | number | bigint | boolean | null | Buffer;

export interface ExecuteResult {
  affectedRows: number;
  insertId: number;
}

export interface SqlDialect {
  /** `INSERT IGNORE` / `INSERT OR IGNORE`. */
  insertIgnore: string;
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
  /** The value the INSERT tried to write into `column`, for use inside `onConflictUpdate`. */
  incoming(column: string): string;
  /** An upsert tail: `ON DUPLICATE KEY UPDATE ...` or `ON CONFLICT (...) DO UPDATE SET ...`. */
  onConflictUpdate(conflictColumns: string[], assignments: Record<string, string>): string;
}

export interface Queryable {
  readonly dialect: Dialect;
  readonly sql: SqlDialect;
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  execute(sql: string, params?: readonly SqlParam[]): Promise<ExecuteResult>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Streams the rows of a query one by one, with bounded memory. */
  stream<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): AsyncIterable<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class InvalidSqlParamError extends Error {
  constructor(index: number, value: unknown) {
    super(`SQL parameter ${index + 1} must be a scalar, got ${value === null ? 'null' : typeof value}`);
    this.name = 'InvalidSqlParamError';
  }
}

/** Refuses objects and arrays before they reach a driver. */
export function assertScalarParams(params: readonly unknown[]): void {
  params.forEach((value, index) => {
    const ok = value === null || ['string', 'number', 'bigint', 'boolean'].includes(typeof value) || Buffer.isBuffer(value);
    if (!ok) throw new InvalidSqlParamError(index, value);
  });
}
