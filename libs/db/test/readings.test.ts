import { ReadingsRepository, type NewReading } from '../src';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

function reading(seq: number | null, secondsAfterT0: number, extra: Partial<NewReading> = {}): NewReading {
  return {
    deviceId: 'meter-1',
    seq,
    tsMs: T0 + secondsAfterT0 * 1000,
    tsSource: 'device',
    receivedMs: T0 + secondsAfterT0 * 1000,
    voltageV: 230,
    currentA: 1,
    powerW: 230,
    powerKind: 'real',
    apparentPowerVa: 230,
    powerFactor: 1,
    energyCounterWh: null,
    ...extra,
  };
}

describe.each(Object.entries(testDatabaseFactories))('ReadingsRepository on %s', (_dialect, create) => {
  let t: TestDatabase;
  let repo: ReadingsRepository;
  beforeEach(async () => {
    t = await create();
    repo = new ReadingsRepository(t.db, 'Europe/Berlin');
  });
  afterEach(() => t.drop());

  const count = async (table: string) => Number((await t.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
  const dayEnergy = async () => (await t.db.query<{ day: string; energy_wh: number }>('SELECT day, energy_wh FROM rollup_day ORDER BY day'));

  it('stores each reading once and leaves rollups untouched by a redelivered batch', async () => {
    const batch = [reading(1, 0), reading(2, 1), reading(3, 2)];
    const first = await repo.insertBatch(batch);
    expect(first.inserted.map((r) => r.seq)).toEqual([1, 2, 3]);
    const before = await t.db.query('SELECT * FROM rollup_minute');
    const again = await new ReadingsRepository(t.db, 'Europe/Berlin').insertBatch([...batch, reading(3, 2)]);
    expect(again.inserted).toEqual([]);
    expect(again.duplicates).toHaveLength(4);
    expect(await count('readings')).toBe(3);
    expect(await t.db.query('SELECT * FROM rollup_minute')).toEqual(before);
  });

  it('when another writer stored newer readings, fails the batch, then finds them on the retry', async () => {
    await repo.insertBatch([reading(1, 0), reading(2, 1), reading(3, 2)]);
    await new ReadingsRepository(t.db, 'Europe/Berlin').insertBatch([reading(4, 3), reading(5, 4)]);
    // This repository still believes 3 is the newest, so 4 and 5 look new: the UNIQUE key refuses them.
    // (Matched by message: better-sqlite3's error class comes from the first test file that loaded the
    // native module, so with --runInBand it is not an Error of this file's realm and toThrow() misses it.)
    await expect(repo.insertBatch([reading(4, 3), reading(5, 4), reading(6, 5)])).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
    const retry = await repo.insertBatch([reading(4, 3), reading(5, 4), reading(6, 5)]);
    expect(retry.duplicates.map((r) => r.seq)).toEqual([4, 5]);
    expect(retry.inserted.map((r) => r.seq)).toEqual([6]);
    expect(await count('readings')).toBe(6);
    const [hour] = await t.db.query<{ n: number }>('SELECT SUM(n) AS n FROM rollup_hour');
    expect(Number(hour!.n)).toBe(6);
  });

  it('writes a batch larger than one statement allows, rollups included', async () => {
    const batch = Array.from({ length: 2_500 }, (_, i) => ({ ...reading(1, i % 60), deviceId: `meter-${i}` }));
    const outcome = await repo.insertBatch(batch);
    expect(outcome.inserted).toHaveLength(2_500);
    expect(await count('readings')).toBe(2_500);
    expect(await count('rollup_minute')).toBe(2_500);
    const again = await new ReadingsRepository(t.db, 'Europe/Berlin').insertBatch(batch);
    expect(again.duplicates).toHaveLength(2_500);
  });

  it('keeps every rollup equal to the aggregate recomputed from raw rows', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => reading(i + 1, i * 37, { voltageV: 220 + (i % 20), currentA: (i % 7) * 0.5, powerW: (i % 7) * 110 }));
    await repo.insertBatch(batch.slice(0, 120));
    await repo.insertBatch(batch.slice(100));
    const minute = await t.db.query<{ bucket_ms: number; n: number; v_sum: number; v_min: number; v_max: number; p_max: number; energy_wh: number }>(
      'SELECT bucket_ms, n, v_sum, v_min, v_max, p_max, energy_wh FROM rollup_minute ORDER BY bucket_ms',
    );
    const raw = await t.db.query<{ bucket_ms: number; n: number; v_sum: number; v_min: number; v_max: number; p_max: number; energy_wh: number }>(
      `SELECT (ts_ms - (ts_ms % 60000)) AS bucket_ms, COUNT(*) AS n, SUM(voltage_v) AS v_sum, MIN(voltage_v) AS v_min, MAX(voltage_v) AS v_max,
              MAX(power_w) AS p_max, SUM(energy_delta_wh) AS energy_wh FROM readings GROUP BY bucket_ms ORDER BY bucket_ms`,
    );
    expect(minute.map((r) => ({ ...r, bucket_ms: Number(r.bucket_ms), n: Number(r.n) }))).toEqual(
      raw.map((r) => ({ ...r, bucket_ms: Number(r.bucket_ms), n: Number(r.n), v_sum: expect.closeTo(r.v_sum, 6), energy_wh: expect.closeTo(r.energy_wh, 6) })),
    );
    const [hourSum] = await t.db.query<{ n: number; e: number }>('SELECT SUM(n) AS n, SUM(energy_wh) AS e FROM rollup_hour');
    expect(Number(hourSum!.n)).toBe(200);
  });

  it('bills an outage exactly from the counter and survives a counter reset without a spike', async () => {
    await repo.insertBatch([
      reading(1, 0, { energyCounterWh: 1000 }),
      reading(2, 60, { energyCounterWh: 1010 }),
      // two-hour outage: the counter carries the 400 Wh used meanwhile
      reading(3, 7260, { energyCounterWh: 1410 }),
      // reboot: the counter restarted at zero and has counted 2 Wh since
      reading(4, 7320, { energyCounterWh: 2 }),
      reading(5, 7380, { energyCounterWh: 7 }),
    ]);
    const [total] = await t.db.query<{ e: number }>('SELECT SUM(energy_wh) AS e FROM rollup_hour');
    expect(total!.e).toBeCloseTo(10 + 400 + 2 + 5, 9);
  });

  it('invents no energy across an outage when integrating power', async () => {
    await repo.insertBatch([reading(1, 0, { powerW: 1000 }), reading(2, 36, { powerW: 1000 }), reading(3, 3636, { powerW: 1000 }), reading(4, 3672, { powerW: 1000 })]);
    const [total] = await t.db.query<{ e: number }>('SELECT SUM(energy_wh) AS e FROM rollup_minute');
    expect(total!.e).toBeCloseTo(10 + 0 + 10, 9);
  });

  it('splits energy correctly when a late reading fills a gap after newer ones were stored', async () => {
    await repo.insertBatch([reading(1, 0, { energyCounterWh: 0 }), reading(4, 180, { energyCounterWh: 30 })]);
    await repo.insertBatch([reading(2, 60, { energyCounterWh: 10 }), reading(3, 120, { energyCounterWh: 20 })]);
    const perMinute = await t.db.query<{ energy_wh: number }>('SELECT energy_wh FROM rollup_minute ORDER BY bucket_ms');
    expect(perMinute.map((r) => r.energy_wh)).toEqual([0, 10, 10, 10]);
    const deltas = await t.db.query<{ seq: number; energy_delta_wh: number }>('SELECT seq, energy_delta_wh FROM readings ORDER BY seq');
    expect(deltas.map((r) => r.energy_delta_wh)).toEqual([0, 10, 10, 10]);
  });

  it('puts day rollups on site-local days, right across the DST change', async () => {
    // Europe/Berlin leaves summer time at 01:00 UTC on 2026-10-25 (03:00 CEST becomes 02:00 CET).
    await repo.insertBatch([
      { ...reading(1, 0), tsMs: Date.UTC(2026, 9, 24, 20, 30), energyCounterWh: 0 }, // 22:30 CEST on the 24th
      { ...reading(2, 0), tsMs: Date.UTC(2026, 9, 24, 21, 30), energyCounterWh: 5 }, // 23:30 CEST on the 24th
      { ...reading(3, 0), tsMs: Date.UTC(2026, 9, 25, 1, 30), energyCounterWh: 12 }, // 02:30 CET on the 25th
    ]);
    expect(await dayEnergy()).toEqual([
      { day: '2026-10-24', energy_wh: 5 },
      { day: '2026-10-25', energy_wh: 7 },
    ]);
  });

  it('stores legacy readings (no seq) in time order and deletes raw rows past retention', async () => {
    await repo.insertBatch([reading(null, 0), reading(null, 1)]);
    expect(await count('readings')).toBe(2);
    expect(await repo.deleteRawBefore(T0 + 500)).toBe(1);
    expect(await count('readings')).toBe(1);
    expect(await count('rollup_minute')).toBe(1);
  });
});
