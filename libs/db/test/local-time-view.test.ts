import { localDateSql, localTimeColumns, toLocalTime, writeSiteTimeZone, type Database } from '../src';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

/**
 * Rows keep UTC milliseconds only (issue 15); the database computes the site-local date, weekday and
 * time from site_time_offsets. They must be what the ingest used to store: toLocalTime's, from the
 * IANA rules, across DST changes, skipped midnights, half-hour zones and a skipped calendar day.
 */
const CASES: Array<[zone: string, instants: number[]]> = [
  ['Europe/Berlin', [Date.UTC(2026, 2, 29, 0, 59, 59), Date.UTC(2026, 2, 29, 1, 0, 0), Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30), Date.UTC(2026, 11, 31, 22, 59, 59, 999)]],
  ['America/Santiago', [Date.UTC(2026, 8, 6, 3, 59, 59), Date.UTC(2026, 8, 6, 4, 0, 0), Date.UTC(2026, 3, 5, 2, 30)]],
  ['Australia/Lord_Howe', [Date.UTC(2026, 9, 3, 15, 29, 59), Date.UTC(2026, 9, 3, 15, 30, 0), Date.UTC(2026, 3, 4, 14, 45)]],
  ['Asia/Kolkata', [Date.UTC(2026, 10, 27, 18, 29, 59), Date.UTC(2026, 10, 27, 18, 30, 0)]],
  ['Pacific/Apia', [Date.UTC(2011, 11, 30, 9, 59, 59), Date.UTC(2011, 11, 30, 10, 0, 0)]],
  ['UTC', [0, Date.UTC(2099, 11, 31, 23, 59, 59)]],
];

/** Rows of device tz-1 at these instants, seq 1, 2, ... (the view only needs stored rows; the ingest's write model is tested in the ingest). */
async function insertReadings(db: Database, instants: readonly number[]): Promise<void> {
  for (const [i, tsMs] of instants.entries()) {
    await db.execute(
      `INSERT INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind, apparent_power_va, power_factor, energy_counter_wh, energy_delta_wh)
       VALUES ('tz-1', ?, ?, 'device', ?, 230, 1, 230, 'real', 230, 1, NULL, 0)`,
      [i + 1, tsMs, tsMs],
    );
  }
}

describe.each(Object.entries(testDatabaseFactories))('site-local time computed by the database on %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t.drop());

  it.each(CASES)('gives the data view the local date, weekday and time of %s', async (zone, instants) => {
    expect(await writeSiteTimeZone(t.db, zone)).toBe(zone !== 'UTC'); // a new database holds UTC
    expect(await writeSiteTimeZone(t.db, zone)).toBe(false); // already there: nothing rewritten
    await insertReadings(t.db, instants);
    const rows = await t.db.query<{ date: string; day: string; time: string }>("SELECT date, day, time FROM data WHERE device_id = 'tz-1' ORDER BY ID");
    expect(rows.map((r) => [String(r.date).slice(0, 10), r.day, String(r.time).slice(0, 8)])).toEqual(instants.map((ts) => Object.values(toLocalTime(ts, zone))));
    const columns = await t.db.query<{ local_date: string; d: string }>(`SELECT ${localTimeColumns(t.db.dialect)}, ${localDateSql(t.db.dialect)} AS d FROM readings ORDER BY id`);
    expect(columns.map((r) => String(r.d).slice(0, 10))).toEqual(instants.map((ts) => toLocalTime(ts, zone).date));
    expect(columns.map((r) => String(r.local_date).slice(0, 10))).toEqual(instants.map((ts) => toLocalTime(ts, zone).date));
  });

  it('reads UTC until the ingest has written the site zone, and follows a zone change', async () => {
    const ts = Date.UTC(2026, 10, 27, 23, 30);
    await insertReadings(t.db, [ts]);
    const day = async () => (await t.db.query<{ date: string }>('SELECT date FROM data'))[0]!.date;
    expect(String(await day()).slice(0, 10)).toBe('2026-11-27');
    await writeSiteTimeZone(t.db, 'Europe/Berlin');
    expect(String(await day()).slice(0, 10)).toBe('2026-11-28');
  });
});
