import { numberText } from '../../shared/number-text';

/**
 * SQL literals for the ingest's multi-row statements. A batch of 5,000 readings is ~90,000 values:
 * binding them means the driver scans the statement for placeholders and escapes each value, which
 * cost the ingest more CPU than building the rows. These write the same text the driver would, for
 * the only kinds of values the write path stores, and refuse anything else.
 */

/** A finite number as written by the driver (`String(n)` round-trips every double; numberText is the same text). */
export function sqlNumber(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`not a finite number for SQL: ${String(n)}`);
  return numberText(n);
}

export function sqlNumberOrNull(n: number | null | undefined): string {
  return n === null || n === undefined ? 'NULL' : sqlNumber(n);
}

/** Text the write path stores (device ids, enums, dates, times): letters, digits and `_-:.` only, so no quoting rules of either dialect matter. */
const SAFE_TEXT = /^[A-Za-z0-9_:.-]*$/;

export function sqlText(s: string): string {
  if (typeof s !== 'string' || !SAFE_TEXT.test(s)) throw new TypeError(`text not allowed in an SQL literal: ${JSON.stringify(s)}`);
  return `'${s}'`;
}
