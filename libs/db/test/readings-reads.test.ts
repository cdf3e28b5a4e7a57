import { DayEnergyReads, ExportPages, HistoryReads, NewestReadings, RollupEnergyReads, RollupSeriesReads } from '../src/readings/reads';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';
import type { Database } from '../src';

const T0 = Date.UTC(2026, 10, 2, 10, 0, 0);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** A stored reading (the ingest's write model is tested in the ingest; these reads only need rows). */
async function insertReading(db: Database, deviceId: string, seq: number, tsMs: number, powerW: number, energyWh = 0): Promise<void> {
  await db.execute(
    `INSERT INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind, apparent_power_va, power_factor, energy_counter_wh, energy_delta_wh)
     VALUES (?, ?, ?, 'device', ?, 230, ?, ?, 'real', ?, 0.9, NULL, ?)`,
    [deviceId, seq, tsMs, tsMs, powerW / 230, powerW, powerW, energyWh],
  );
}

/** A rollup bucket holding `n` readings of `powerW` (n = 0: energy only, no extremes). */
async function insertBucket(db: Database, table: 'rollup_minute' | 'rollup_hour' | 'rollup_day', deviceId: string, bucket: number | string, n: number, powerW: number, energyWh: number): Promise<void> {
  const column = table === 'rollup_day' ? 'day' : 'bucket_ms';
  const extreme = (v: number) => (n === 0 ? null : v);
  await db.execute(
    `INSERT INTO ${table} (device_id, ${column}, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [deviceId, bucket, n, 230 * n, extreme(230), extreme(230), n, extreme(1), extreme(1), powerW * n, extreme(powerW), extreme(powerW), energyWh],
  );
}

describe.each(Object.entries(testDatabaseFactories))('readings and rollup reads on %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(() => t.drop());

  it('reads the history series: capped raw count, raw rows, merged minute buckets with readings, days with readings', async () => {
    for (let i = 0; i < 5; i++) await insertReading(t.db, 'a', i + 1, T0 + i * 1_000, 100 + i, 0.1);
    await insertReading(t.db, 'b', 1, T0 + 500, 50);
    const history = new HistoryReads(t.db);
    expect(await history.countRaw('a', T0, T0 + 10_000, 3)).toBe(3);
    expect(await history.countRaw('a', T0 + 1_000, T0 + 3_000, 100)).toBe(2);
    const raw = await history.raw(['b', 'a'], T0, T0 + 2_000);
    expect(raw.map((r) => [r.device_id, Number(r.ts_ms), r.power_w])).toEqual([['a', T0, 100], ['a', T0 + 1_000, 101], ['b', T0 + 500, 50]]);

    await insertBucket(t.db, 'rollup_minute', 'a', T0, 2, 100, 1);
    await insertBucket(t.db, 'rollup_minute', 'a', T0 + MINUTE_MS, 1, 300, 2);
    await insertBucket(t.db, 'rollup_minute', 'a', T0 + 5 * MINUTE_MS, 0, 0, 4); // energy only: not a point
    const merged = await history.buckets('rollup_minute', ['a'], T0, T0 + HOUR_MS, 5 * MINUTE_MS);
    expect(merged.map((b) => [Number(b.ts), Number(b.n), Number(b.p_sum), Number(b.p_max), Number(b.energy_wh)])).toEqual([[T0, 3, 500, 300, 3]]);

    await insertBucket(t.db, 'rollup_day', 'a', '2026-11-01', 10, 100, 5);
    await insertBucket(t.db, 'rollup_day', 'a', '2026-11-02', 0, 0, 7);
    await insertBucket(t.db, 'rollup_day', 'a', '2026-11-03', 4, 100, 9);
    const days = await history.days(['a'], '2026-11-01', '2026-11-02');
    expect(days.map((d) => [String(d.ts), Number(d.energy_wh)])).toEqual([['2026-11-01', 5]]);
  });

  it('sums rollup energy per bucket over the ranges asked, for named devices or every device with a day rollup', async () => {
    for (const [device, wh] of [['a', 1], ['b', 2]] as const) {
      await insertBucket(t.db, 'rollup_hour', device, T0, 3, 100, wh);
      await insertBucket(t.db, 'rollup_hour', device, T0 + HOUR_MS, 3, 100, wh * 10);
      await insertBucket(t.db, 'rollup_hour', device, T0 + 2 * HOUR_MS, 3, 100, wh * 100);
      await insertBucket(t.db, 'rollup_day', device, '2026-11-02', 9, 100, wh * 111);
    }
    const energy = new RollupEnergyReads(t.db);
    const ranges = [{ from: T0, to: T0 + HOUR_MS }, { from: T0 + 2 * HOUR_MS, to: T0 + 3 * HOUR_MS }];
    expect((await energy.energy('rollup_hour', ['a'], ranges)).map((r) => [r.bucket_ms, r.wh])).toEqual([[T0, 1], [T0 + 2 * HOUR_MS, 100]]);
    expect((await energy.energy('rollup_hour', null, ranges)).map((r) => [r.bucket_ms, r.wh])).toEqual([[T0, 3], [T0 + 2 * HOUR_MS, 300]]);
    expect(await energy.energy('rollup_hour', null, [])).toEqual([]);
  });

  it('pages the export by keyset: raw readings after a cursor, buckets after a bucket, days after a day', async () => {
    for (let i = 0; i < 4; i++) await insertReading(t.db, 'a', i + 1, T0 + i * 1_000, 100 + i);
    const pages = new ExportPages(t.db);
    const first = await pages.rawPage('a', T0, T0 + 10_000, null, 3);
    expect(first.map((r) => Number(r.ts_ms))).toEqual([T0, T0 + 1_000, T0 + 2_000]);
    const last = first.at(-1)!;
    const next = await pages.rawPage('a', T0, T0 + 10_000, { tsMs: Number(last.ts_ms), id: Number(last.id) }, 3);
    expect(next.map((r) => [Number(r.ts_ms), r.device_id])).toEqual([[T0 + 3_000, 'a']]);

    for (let m = 0; m < 3; m++) await insertBucket(t.db, 'rollup_minute', 'a', T0 + m * MINUTE_MS, 1, 100, m);
    expect((await pages.bucketPage('rollup_minute', 'a', T0, T0 + HOUR_MS, null, 2)).map((b) => Number(b.bucket))).toEqual([T0, T0 + MINUTE_MS]);
    expect((await pages.bucketPage('rollup_minute', 'a', T0, T0 + HOUR_MS, T0 + MINUTE_MS, 2)).map((b) => Number(b.bucket))).toEqual([T0 + 2 * MINUTE_MS]);

    for (const day of ['2026-11-01', '2026-11-02', '2026-11-03']) await insertBucket(t.db, 'rollup_day', 'a', day, 1, 100, 1);
    expect((await pages.dayPage('a', '2026-11-01', '2026-11-03', null, 2)).map((d) => String(d.bucket))).toEqual(['2026-11-01', '2026-11-02']);
    expect((await pages.dayPage('a', '2026-11-01', '2026-11-03', '2026-11-02', 2)).map((d) => String(d.bucket))).toEqual(['2026-11-03']);
  });

  it('reads the newest readings (all devices or one) and a device\'s last reading', async () => {
    await insertReading(t.db, 'a', 1, T0, 100);
    await insertReading(t.db, 'b', 1, T0 + 1_000, 200);
    await insertReading(t.db, 'a', 2, T0 + 2_000, 300);
    const newest = new NewestReadings(t.db);
    expect((await newest.latest(2)).map((r) => [Number(r.ts_ms), r.power_w])).toEqual([[T0 + 2_000, 300], [T0 + 1_000, 200]]);
    expect((await newest.latest(5, 'b')).map((r) => r.power_w)).toEqual([200]);
    expect(await newest.lastOf('a')).toMatchObject({ power_w: 300, power_factor: 0.9 });
    expect(await newest.lastOf('nobody')).toBeNull();
  });

  it('reads day energy: every device on a day, one device on a day (0 without a row), lifetime sums', async () => {
    await insertBucket(t.db, 'rollup_day', 'a', '2026-11-01', 1, 100, 1.5);
    await insertBucket(t.db, 'rollup_day', 'a', '2026-11-02', 1, 100, 2.25);
    await insertBucket(t.db, 'rollup_day', 'b', '2026-11-02', 1, 100, 4);
    const days = new DayEnergyReads(t.db);
    expect(await days.onDay('2026-11-02')).toEqual(new Map([['a', 2.25], ['b', 4]]));
    expect(await days.ofDevice('a', '2026-11-01')).toBe(1.5);
    expect(await days.ofDevice('b', '2026-11-01')).toBe(0);
    expect(await days.lifetime(['a', 'b', 'c'])).toEqual(new Map([['a', 3.75], ['b', 4]]));
  });

  it('reads the analytics series: devices since, hour energy, minutes per hour, minute sums in order, hour energy sum', async () => {
    await insertBucket(t.db, 'rollup_hour', 'a', T0 - HOUR_MS, 60, 100, 100);
    await insertBucket(t.db, 'rollup_hour', 'a', T0, 60, 100, 200);
    await insertBucket(t.db, 'rollup_hour', 'b', T0 - 2 * HOUR_MS, 60, 100, 300);
    for (let m = 2; m >= 0; m--) await insertBucket(t.db, 'rollup_minute', 'a', T0 + m * MINUTE_MS, 2, 100 + m, 1);
    await insertBucket(t.db, 'rollup_minute', 'a', T0 + HOUR_MS, 2, 100, 1);
    const series = new RollupSeriesReads(t.db);
    expect(await series.devicesSince(T0 - HOUR_MS)).toEqual(['a']);
    expect(await series.devicesSince(0)).toEqual(['a', 'b']);
    expect(await series.hourEnergy('a', T0 - HOUR_MS, T0 + HOUR_MS)).toEqual(new Map([[T0 - HOUR_MS, 100], [T0, 200]]));
    expect(await series.minutesPerHour('a', T0, T0 + 2 * HOUR_MS)).toEqual(new Map([[T0, 3], [T0 + HOUR_MS, 1]]));
    const sums: Array<[number, number, number]> = [];
    for await (const row of series.minuteSums('a', T0, T0 + HOUR_MS)) sums.push([Number(row.bucket_ms), Number(row.n), Number(row.p_sum)]);
    expect(sums).toEqual([[T0, 2, 200], [T0 + MINUTE_MS, 2, 202], [T0 + 2 * MINUTE_MS, 2, 204]]);
    expect(await series.hourEnergySum('a', T0 - HOUR_MS, T0 + HOUR_MS)).toBe(300);
    expect(await series.hourEnergySum('a', 0, 1)).toBe(0);
  });
});
