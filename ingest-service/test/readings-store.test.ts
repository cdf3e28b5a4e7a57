import type { NewReading } from '@energy/db';
import { testDatabaseFactories, type TestDatabase } from '@energy/db/testing';
import { ReadingsRepository } from '../src/readings/store';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

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

  it('keeps every rollup equal to the aggregate recomputed from raw rows, energy spread over each interval', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => reading(i + 1, i * 37, { voltageV: 220 + (i % 20), currentA: (i % 7) * 0.5, powerW: (i % 7) * 110 }));
    await repo.insertBatch(batch.slice(0, 120));
    await repo.insertBatch(batch.slice(100));
    const minute = await t.db.query<{ bucket_ms: number; n: number; v_sum: number; v_min: number; v_max: number; p_max: number; energy_wh: number }>(
      'SELECT bucket_ms, n, v_sum, v_min, v_max, p_max, energy_wh FROM rollup_minute ORDER BY bucket_ms',
    );
    const raw = await t.db.query<{ bucket_ms: number; n: number; v_sum: number; v_min: number; v_max: number; p_max: number }>(
      `SELECT (ts_ms - (ts_ms % 60000)) AS bucket_ms, COUNT(*) AS n, SUM(voltage_v) AS v_sum, MIN(voltage_v) AS v_min, MAX(voltage_v) AS v_max,
              MAX(power_w) AS p_max FROM readings GROUP BY bucket_ms ORDER BY bucket_ms`,
    );
    const energy = await spreadFromRaw(MINUTE_MS);
    expect(minute.map((r) => ({ ...r, bucket_ms: Number(r.bucket_ms), n: Number(r.n) }))).toEqual(
      raw.map((r) => ({ ...r, bucket_ms: Number(r.bucket_ms), n: Number(r.n), v_sum: expect.closeTo(r.v_sum, 6), energy_wh: expect.closeTo(energy.get(Number(r.bucket_ms)) ?? 0, 9) })),
    );
    const [hourSum] = await t.db.query<{ n: number; e: number }>('SELECT SUM(n) AS n, SUM(energy_wh) AS e FROM rollup_hour');
    expect(Number(hourSum!.n)).toBe(200);
    const [rawSum] = await t.db.query<{ e: number }>('SELECT SUM(energy_delta_wh) AS e FROM readings');
    expect(hourSum!.e).toBeCloseTo(rawSum!.e, 9);
  });

  /** Energy per bucket of `sizeMs`, each raw row's spread evenly over (energy_from_ms, ts_ms]: what the rollups must hold. */
  async function spreadFromRaw(sizeMs: number): Promise<Map<number, number>> {
    const rows = await t.db.query<{ ts_ms: number; energy_from_ms: number | null; energy_delta_wh: number }>('SELECT ts_ms, energy_from_ms, energy_delta_wh FROM readings');
    const out = new Map<number, number>();
    for (const row of rows) {
      const to = Number(row.ts_ms);
      const from = row.energy_from_ms === null ? to : Number(row.energy_from_ms);
      if (to === from) {
        const b = Math.floor(to / sizeMs) * sizeMs;
        out.set(b, (out.get(b) ?? 0) + row.energy_delta_wh);
        continue;
      }
      for (let b = Math.floor(from / sizeMs) * sizeMs; b < to; b += sizeMs) {
        const overlap = Math.min(to, b + sizeMs) - Math.max(from, b);
        if (overlap > 0) out.set(b, (out.get(b) ?? 0) + (row.energy_delta_wh * overlap) / (to - from));
      }
    }
    return out;
  }

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
    // Each reading's energy was used in the minute before it.
    const perMinute = await t.db.query<{ energy_wh: number }>('SELECT energy_wh FROM rollup_minute ORDER BY bucket_ms');
    expect(perMinute.map((r) => r.energy_wh)).toEqual([10, 10, 10, 0].map((wh) => expect.closeTo(wh, 9)));
    const deltas = await t.db.query<{ seq: number; energy_delta_wh: number }>('SELECT seq, energy_delta_wh FROM readings ORDER BY seq');
    expect(deltas.map((r) => r.energy_delta_wh)).toEqual([0, 10, 10, 10]);
  });

  it('puts day rollups on site-local days, right across the DST change, spreading an interval over both days', async () => {
    // Europe/Berlin leaves summer time at 01:00 UTC on 2026-10-25 (03:00 CEST becomes 02:00 CET).
    await repo.insertBatch([
      { ...reading(1, 0), tsMs: Date.UTC(2026, 9, 24, 20, 30), energyCounterWh: 0 }, // 22:30 CEST on the 24th
      { ...reading(2, 0), tsMs: Date.UTC(2026, 9, 24, 21, 30), energyCounterWh: 5 }, // 23:30 CEST on the 24th
      { ...reading(3, 0), tsMs: Date.UTC(2026, 9, 25, 1, 30), energyCounterWh: 12 }, // 02:30 CET on the 25th
    ]);
    // The 7 Wh were used over the 4 h from 23:30 CEST, half an hour of them on the 24th.
    expect(await dayEnergy()).toEqual([
      { day: '2026-10-24', energy_wh: expect.closeTo(5 + 7 / 8, 9) },
      { day: '2026-10-25', energy_wh: expect.closeTo((7 * 7) / 8, 9) },
    ]);
  });

  // Issue 13, defect 2: a gap's energy was booked to the first reading after it.
  it('spreads the energy of an outage 22:30-01:00 local over the hours and site-local days it covered', async () => {
    const midnight = Date.UTC(2026, 10, 27, 23); // 00:00 CET on 2026-11-28
    const batch: NewReading[] = [];
    let seq = 1;
    // 1 kW, a reading a minute; the device's counter carries the 2.5 kWh of the outage.
    for (const [from, to] of [[-120, -90], [60, 90]] as const) {
      for (let m = from; m <= to; m++) {
        batch.push({ ...reading(seq++, 0, { powerW: 1000, energyCounterWh: 5000 + ((m + 120) * 1000) / 60 }), tsMs: midnight + m * MINUTE_MS });
      }
    }
    await repo.insertBatch(batch);
    expect(await dayEnergy()).toEqual([
      { day: '2026-11-27', energy_wh: expect.closeTo(2000, 6) },
      { day: '2026-11-28', energy_wh: expect.closeTo(1500, 6) },
    ]);
    const hours = await t.db.query<{ bucket_ms: number; n: number; energy_wh: number; v_min: number | null }>('SELECT bucket_ms, n, energy_wh, v_min FROM rollup_hour ORDER BY bucket_ms');
    expect(hours.map((h) => [Number(h.bucket_ms) - midnight, Number(h.n), h.energy_wh, h.v_min])).toEqual([
      [-2 * HOUR_MS, 31, expect.closeTo(1000, 6), 230],
      [-HOUR_MS, 0, expect.closeTo(1000, 6), null], // inside the outage: energy, no reading
      [0, 0, expect.closeTo(1000, 6), null],
      [HOUR_MS, 31, expect.closeTo(500, 6), 230],
    ]);
    // A later reading in a bucket that so far held only energy sets its extremes.
    await repo.insertBatch([{ ...reading(seq++, 0, { powerW: 1000, energyCounterWh: 5000 + (211 * 1000) / 60, voltageV: 231 }), tsMs: midnight + 91 * MINUTE_MS }]);
    const gapMinutes = await t.db.query<{ n: number; v_min: number | null }>('SELECT n, v_min FROM rollup_minute WHERE bucket_ms > ? AND bucket_ms < ?', [midnight - 90 * MINUTE_MS, midnight + 60 * MINUTE_MS]);
    expect(gapMinutes).toHaveLength(149);
    expect(gapMinutes.every((m) => Number(m.n) === 0 && m.v_min === null)).toBe(true);
    const [last] = await t.db.query<{ n: number; v_min: number; v_max: number }>('SELECT n, v_min, v_max FROM rollup_minute WHERE bucket_ms = ?', [midnight + 91 * MINUTE_MS]);
    expect(last).toEqual({ n: 1, v_min: 231, v_max: 231 });
  });

  // Issue 13, defect 1: a power cut; the meter's boot number tells a restart from a counter step back.
  it("stores the meter's boot and energy since boot, so late readings and a restarted ingest re-derive deltas exactly", async () => {
    const m = (seq: number, s: number, meterBoot: number, meterWh: number) => reading(seq, s, { powerW: 1000, energyCounterWh: 36_000, meterBoot, meterWh });
    await repo.insertBatch([m(1, 0, 7, 100), m(4, 3610, 8, 1000 / 360)]); // a 1 h cut between 60 s and 3600 s
    await repo.insertBatch([m(2, 30, 7, 100 + 25 / 3), m(3, 60, 7, 100 + 50 / 3)]); // re-sent late
    await new ReadingsRepository(t.db, 'Europe/Berlin').insertBatch([m(5, 3620, 8, 2000 / 360)]);
    const rows = await t.db.query<{ seq: number; meter_boot: number; meter_wh: number; energy_delta_wh: number; energy_from_ms: number }>(
      'SELECT seq, meter_boot, meter_wh, energy_delta_wh, energy_from_ms FROM readings ORDER BY seq',
    );
    expect(rows.map((r) => [Number(r.seq), Number(r.meter_boot), r.energy_delta_wh, Number(r.energy_from_ms) - T0])).toEqual([
      [1, 7, 0, 0],
      [2, 7, expect.closeTo(25 / 3, 9), 0],
      [3, 7, expect.closeTo(25 / 3, 9), 30_000],
      [4, 8, expect.closeTo(1000 / 360, 9), 3_600_000], // the 10 s since the meter booted, not the cut
      [5, 8, expect.closeTo(1000 / 360, 9), 3_610_000],
    ]);
    const [total] = await t.db.query<{ e: number }>('SELECT SUM(energy_wh) AS e FROM rollup_minute');
    expect(total!.e).toBeCloseTo(50 / 3 + 2000 / 360, 9);
    const perMinute = await t.db.query<{ bucket_ms: number; energy_wh: number }>('SELECT bucket_ms, energy_wh FROM rollup_minute WHERE energy_wh <> 0 ORDER BY bucket_ms');
    expect(perMinute.map((r) => [Number(r.bucket_ms) - T0, r.energy_wh])).toEqual([
      [0, expect.closeTo(50 / 3, 9)],
      [60 * MINUTE_MS, expect.closeTo(2000 / 360, 9)],
    ]);
  });

  it("re-spreads a successor's energy when a late reading splits its interval", async () => {
    await repo.insertBatch([reading(1, 0, { energyCounterWh: 0 }), reading(3, 180, { energyCounterWh: 30 })]);
    // 30 Wh over 3 minutes: 10 in each.
    await repo.insertBatch([reading(2, 30, { energyCounterWh: 25 })]);
    // Now 25 Wh in (0, 30 s] and 5 Wh over (30 s, 180 s]: 1 Wh of it in the first minute, 2 in each of the next two.
    const perMinute = await t.db.query<{ energy_wh: number }>('SELECT energy_wh FROM rollup_minute ORDER BY bucket_ms');
    expect(perMinute.map((r) => r.energy_wh)).toEqual([26, 2, 2, 0].map((wh) => expect.closeTo(wh, 9)));
    expect(await spreadFromRaw(MINUTE_MS)).toEqual(new Map([[T0, expect.closeTo(26, 9)], [T0 + MINUTE_MS, expect.closeTo(2, 9)], [T0 + 2 * MINUTE_MS, expect.closeTo(2, 9)]]));
  });

  // Issue 13, defect 3: a device that re-uses seqs after a reboot (its seq reservation was never saved).
  it('quarantines a re-used seq carrying a different reading instead of taking it for a duplicate, and knows its redelivery', async () => {
    await repo.insertBatch([reading(1, 0), reading(2, 1), reading(3, 2)]);
    const rollupsBefore = await t.db.query('SELECT * FROM rollup_minute ORDER BY bucket_ms');
    const reused = [reading(2, 3600, { voltageV: 231 }), reading(3, 3601)]; // the same seqs, an hour later
    const outcome = await repo.insertBatch([...reused, reading(2, 1)]); // and a true redelivery of seq 2
    expect(outcome.inserted).toEqual([]);
    expect(outcome.duplicates.map((r) => r.seq)).toEqual([2]);
    expect(outcome.conflicts.map((c) => [c.reading.seq, c.reason])).toEqual([
      [2, expect.stringMatching(/^seq 2 is already stored with a different reading \(ts, Voltage differ\)/)],
      [3, expect.stringMatching(/^seq 3 is already stored with a different reading \(ts differs\)/)],
    ]);
    const kept = await t.db.query<{ seq: number; ts_ms: number; voltage_v: number; stored_id: number | null }>('SELECT seq, ts_ms, voltage_v, stored_id FROM reading_conflicts ORDER BY seq');
    expect(kept.map((k) => [Number(k.seq), Number(k.ts_ms) - T0, k.voltage_v, k.stored_id === null])).toEqual([
      [2, 3_600_000, 231, false],
      [3, 3_601_000, 230, false],
    ]);
    // Re-sent again (our ack was lost): now a duplicate of what is in quarantine.
    const again = await new ReadingsRepository(t.db, 'Europe/Berlin').insertBatch(reused);
    expect(again.duplicates.map((r) => r.seq)).toEqual([2, 3]);
    expect(again.conflicts).toEqual([]);
    expect(await count('reading_conflicts')).toBe(2);
    expect(await count('readings')).toBe(3);
    expect(await t.db.query('SELECT * FROM rollup_minute ORDER BY bucket_ms')).toEqual(rollupsBefore);
  });

  it('quarantines the second of two different readings with one seq in one batch', async () => {
    const outcome = await repo.insertBatch([reading(1, 0), reading(1, 5, { currentA: 2 }), reading(1, 0)]);
    expect(outcome.inserted.map((r) => r.tsMs - T0)).toEqual([0]);
    expect(outcome.duplicates.map((r) => r.tsMs - T0)).toEqual([0]);
    expect(outcome.conflicts.map((c) => [c.reading.tsMs - T0, c.reason])).toEqual([[5000, expect.stringContaining('(ts, Current differ)')]]);
    expect(await count('reading_conflicts')).toBe(1);
  });

  it('stores a re-used seq that falls into an old gap at its own time, without re-splitting its weeks-old neighbours', async () => {
    const DAY_S = 86_400;
    await repo.insertBatch([reading(1, -14 * DAY_S, { energyCounterWh: 0 }), reading(2, -14 * DAY_S + 60, { energyCounterWh: 10 })]);
    // The device rebooted into a new seq block a week later.
    await repo.insertBatch([reading(1000, -7 * DAY_S, { energyCounterWh: 500 }), reading(1001, -7 * DAY_S + 60, { energyCounterWh: 510 })]);
    const oldRollups = async () => ({
      minute: await t.db.query('SELECT * FROM rollup_minute WHERE bucket_ms < ? ORDER BY bucket_ms', [T0 - DAY_S * 1000]),
      day: await t.db.query('SELECT * FROM rollup_day WHERE day < ? ORDER BY day', ['2026-11-20']),
    });
    const before = await oldRollups();
    // Now seq 3, re-used: its predecessor (seq 2) is two weeks old, its successor (seq 1000) one week.
    const outcome = await repo.insertBatch([reading(3, 0, { energyCounterWh: 900 })]);
    expect(outcome.inserted.map((r) => [r.seq, r.energyDeltaWh])).toEqual([[3, 0]]);
    expect(outcome.outOfPlace.map((r) => r.seq)).toEqual([3]);
    expect(await oldRollups()).toEqual(before);
    const deltas = await t.db.query<{ seq: number; energy_delta_wh: number }>('SELECT seq, energy_delta_wh FROM readings ORDER BY seq');
    expect(deltas.map((r) => [Number(r.seq), r.energy_delta_wh])).toEqual([[1, 0], [2, 10], [3, 0], [1000, 490], [1001, 10]]);
    const [now] = await t.db.query<{ n: number; v_min: number; energy_wh: number }>('SELECT n, v_min, energy_wh FROM rollup_minute WHERE bucket_ms = ?', [T0]);
    expect(now).toEqual({ n: 1, v_min: 230, energy_wh: 0 });
  });

  it('stores legacy readings (no seq) in time order and deletes raw rows past retention', async () => {
    await repo.insertBatch([reading(null, 0), reading(null, 1)]);
    expect(await count('readings')).toBe(2);
    expect(await repo.deleteRawBefore(T0 + 500)).toBe(1);
    expect(await count('readings')).toBe(1);
    expect(await count('rollup_minute')).toBe(1);
  });
});
