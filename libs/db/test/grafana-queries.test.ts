import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { createMysqlTestDatabase, type TestDatabase } from '../src/testing/test-database';

/**
 * docs/integrations.md gives Grafana users SQL for power, energy and cost panels on the rollup tables.
 * Each query is taken from the page as written, Grafana's MySQL macros are expanded as Grafana does
 * ($__unixEpochFrom() to epoch seconds, $__timeFrom() to FROM_UNIXTIME(seconds)), and it is run on
 * MariaDB over a plain client connection with the session in UTC, as Grafana's data source sets it.
 */
const page = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'integrations.md'), 'utf8');
const queries = new Map([...page.matchAll(/```sql\n-- grafana: ([a-z-]+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 1, 10); // 2026-11-01 10:00 UTC

function expand(sql: string, fromMs: number, toMs: number): string {
  const from = Math.floor(fromMs / 1000);
  const to = Math.floor(toMs / 1000);
  return sql
    .replaceAll('$__unixEpochFrom()', String(from))
    .replaceAll('$__unixEpochTo()', String(to))
    .replaceAll('$__timeFrom()', `FROM_UNIXTIME(${from})`)
    .replaceAll('$__timeTo()', `FROM_UNIXTIME(${to})`);
}

describe('the Grafana queries in docs/integrations.md, on MariaDB', () => {
  let t: TestDatabase;
  let grafana: mysql.Connection;

  const run = async (name: string, fromMs: number, toMs: number) => {
    const sql = queries.get(name);
    if (!sql) throw new Error(`docs/integrations.md has no query "-- grafana: ${name}"`);
    const [rows] = await grafana.query(expand(sql, fromMs, toMs));
    return rows as Array<Record<string, unknown>>;
  };
  const ms = (value: unknown) => (value instanceof Date ? value.getTime() : new Date(`${String(value)}Z`).getTime());
  const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));

  beforeAll(async () => {
    t = await createMysqlTestDatabase();
    const row = (table: string, device: string, bucket: number | string, n: number, pAvg: number, energyWh: number) =>
      t.db.execute(
        `INSERT INTO ${table} (device_id, ${table === 'rollup_day' ? 'day' : 'bucket_ms'}, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [device, bucket, n, n * 230, n ? 229 : null, n ? 231 : null, (n * pAvg) / 230, n ? 0 : null, n ? 9 : null, n * pAvg, n ? pAvg - 10 : null, n ? pAvg + 10 : null, energyWh],
      );
    await t.db.execute("INSERT INTO devices (id, name, secret_hash, created_ms) VALUES ('g-kitchen', 'Kitchen', 'x', 0), ('g-garage', 'Garage', 'x', 0)");
    await row('rollup_minute', 'g-kitchen', t0, 60, 1000, 16.67);
    await row('rollup_minute', 'g-kitchen', t0 + 60_000, 0, 0, 5); // a gap: energy, no readings
    await row('rollup_minute', 'g-garage', t0, 30, 200, 1.67);
    await row('rollup_minute', 'g-kitchen', t0 - HOUR, 60, 500, 8.33); // before the range
    await row('rollup_hour', 'g-kitchen', t0, 3600, 1000, 1000);
    await row('rollup_hour', 'g-garage', t0, 3600, 200, 200);
    await row('rollup_hour', 'g-kitchen', t0 - HOUR, 3600, 500, 500);
    await row('rollup_day', 'g-kitchen', '2026-11-01', 86400, 500, 12_000);
    await row('rollup_day', 'g-kitchen', '2026-10-31', 86400, 333, 8_000);
    await row('rollup_day', 'g-garage', '2026-11-01', 86400, 125, 3_000);
    await t.db.execute("INSERT INTO tariffs (id, currency, flat_rate_per_kwh, standing_charge_per_day, time_of_use, updated_ms, updated_by) VALUES (1, 'EUR', 0.25, 0.5, '[]', 0, 'test')");
    grafana = await mysql.createConnection(t.url);
    await grafana.query("SET time_zone = '+00:00'");
  });

  afterAll(async () => {
    await grafana?.end();
    await t?.drop();
  });

  it('finds the five queries on the page', () => {
    expect([...queries.keys()].sort()).toEqual(['cost-daily', 'energy-daily', 'energy-hourly', 'lifetime', 'power']);
  });

  it('power: the average watts of each minute with readings in the range, per meter', async () => {
    const rows = await run('power', t0, t0 + HOUR);
    expect(rows.map((r) => [ms(r.time), r.metric, Number(r.power_w)]).sort()).toEqual([
      [t0, 'g-garage', 200],
      [t0, 'g-kitchen', 1000],
    ]);
  });

  it('energy-hourly: kWh per meter and hour in the range', async () => {
    const rows = await run('energy-hourly', t0, t0 + HOUR);
    expect(rows.map((r) => [ms(r.time), r.metric, Number(r.kwh)]).sort()).toEqual([
      [t0, 'g-garage', 0.2],
      [t0, 'g-kitchen', 1],
    ]);
  });

  it('energy-daily: kWh of all meters per day in the range', async () => {
    const rows = await run('energy-daily', Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 1, 23, 59));
    expect(rows.map((r) => [day(r.time), Number(r.kwh)])).toEqual([['2026-11-01', 15]]);
    const two = await run('energy-daily', Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 1, 23, 59));
    expect(two.map((r) => [day(r.time), Number(r.kwh)])).toEqual([
      ['2026-10-31', 8],
      ['2026-11-01', 15],
    ]);
  });

  it('lifetime: every meter’s total kWh by name', async () => {
    const rows = await run('lifetime', 0, Date.now());
    expect(rows.map((r) => [r.metric, Number(r.kwh)])).toEqual([
      ['Garage', 3],
      ['Kitchen', 20],
    ]);
  });

  it('cost-daily: kWh times the flat rate plus the standing charge, per day', async () => {
    const rows = await run('cost-daily', Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 1, 23, 59));
    expect(rows.map((r) => [day(r.time), Number(Number(r.cost).toFixed(6))])).toEqual([
      ['2026-10-31', 2.5],
      ['2026-11-01', 4.25],
    ]);
  });
});
