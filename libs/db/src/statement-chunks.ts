/**
 * Rows per multi-row statement. At 16 parameters a row this stays within SQLite's 32,766
 * parameters per statement and far below MySQL's max_allowed_packet.
 */
export const STATEMENT_ROWS = 1_000;

/** Splits a list into statement-sized pieces. */
export function chunks<T>(items: readonly T[], size = STATEMENT_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
