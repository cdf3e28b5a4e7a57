import type { Dialect } from '../database';

/**
 * The site-local date (YYYY-MM-DD), weekday (e.g. Friday) and time (HH:MM:SS) of `ts_ms`, computed
 * by the database from `site_time_offsets` (written by the ingest for SITE_TIMEZONE): what the seed's
 * `data` view shows, and what readings stored until issue 15 as three columns of every row.
 *
 * `ts` is the column holding UTC milliseconds (qualified when the query joins). One indexed lookup of
 * the offset per value; readers that need these for many rows page through them anyway.
 */
export function localTimeColumns(dialect: Dialect, ts = 'ts_ms'): string {
  const offset = offsetSql(ts);
  if (dialect === 'mysql') {
    const local = `TIMESTAMPADD(SECOND, (${ts} + ${offset}) DIV 1000, '1970-01-01 00:00:00')`;
    return `DATE(${local}) AS local_date, DAYNAME(${local}) AS local_day, TIME(${local}) AS local_time`;
  }
  const seconds = `(${ts} + ${offset}) / 1000`;
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const weekday = `CASE strftime('%w', ${seconds}, 'unixepoch') ${days.map((d, i) => `WHEN '${i}' THEN '${d}'`).join(' ')} END`;
  return `date(${seconds}, 'unixepoch') AS local_date, ${weekday} AS local_day, time(${seconds}, 'unixepoch') AS local_time`;
}

/** The site-local date (YYYY-MM-DD) of `ts` alone, e.g. to group readings by day in SQL. */
export function localDateSql(dialect: Dialect, ts = 'ts_ms'): string {
  const offset = offsetSql(ts);
  return dialect === 'mysql'
    ? `DATE(TIMESTAMPADD(SECOND, (${ts} + ${offset}) DIV 1000, '1970-01-01 00:00:00'))`
    : `date((${ts} + ${offset}) / 1000, 'unixepoch')`;
}

const offsetSql = (ts: string) => `(SELECT o.offset_ms FROM site_time_offsets o WHERE o.from_ms <= ${ts} ORDER BY o.from_ms DESC LIMIT 1)`;
