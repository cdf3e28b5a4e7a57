import { InvalidSqlParamError, migrate, DevicesRepository, DeviceAlreadyExistsError, verifySecret, ObserversRepository } from '../src';
import { testDatabaseFactories, type TestDatabase } from '../src/testing/test-database';

// One suite, run against every adapter: the SQL the services write must mean the same on both.
describe.each(Object.entries(testDatabaseFactories))('storage conformance: %s', (_dialect, create) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await create();
  });
  afterEach(async () => {
    await t.drop();
  });

  it('migrates once and then reports nothing pending', async () => {
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.current).toBeGreaterThanOrEqual(1);
  });

  it('round-trips readings with BIGINT timestamps and doubles', async () => {
    await insertReading(t, { seq: 1, tsMs: 1_764_223_200_123 });
    const rows = await t.db.query<{ seq: number; ts_ms: number; voltage_v: number }>('SELECT seq, ts_ms, voltage_v FROM readings');
    expect(rows).toEqual([{ seq: 1, ts_ms: 1_764_223_200_123, voltage_v: 229.87 }]);
  });

  it('keeps the unique (device, seq) key: a redelivery is a no-op, legacy NULL seqs never clash', async () => {
    expect(await insertReading(t, { seq: 5 })).toBe(1);
    expect(await insertReading(t, { seq: 5 })).toBe(0);
    expect(await insertReading(t, { seq: null })).toBe(1);
    expect(await insertReading(t, { seq: null })).toBe(1);
    const [row] = await t.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM readings');
    expect(Number(row!.n)).toBe(3);
  });

  it('upserts with incoming values, greatest and least', async () => {
    const upsert = `INSERT INTO rollup_minute (device_id, bucket_ms, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh)
      VALUES (?, ?, 1, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?) ${t.db.sql.onConflictUpdate(['device_id', 'bucket_ms'], {
        n: `n + ${t.db.sql.incoming('n')}`,
        v_sum: `v_sum + ${t.db.sql.incoming('v_sum')}`,
        v_min: t.db.sql.least('v_min', t.db.sql.incoming('v_min')),
        v_max: t.db.sql.greatest('v_max', t.db.sql.incoming('v_max')),
        energy_wh: `energy_wh + ${t.db.sql.incoming('energy_wh')}`,
      })}`;
    await t.db.execute(upsert, ['d1', 60_000, 230, 230, 230, 1.5]);
    await t.db.execute(upsert, ['d1', 60_000, 220, 220, 220, 2.25]);
    const rows = await t.db.query('SELECT n, v_sum, v_min, v_max, energy_wh FROM rollup_minute');
    expect(rows).toEqual([{ n: 2, v_sum: 450, v_min: 220, v_max: 230, energy_wh: 3.75 }]);
  });

  it('rolls a transaction back when its work throws', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await insertReading(t, { seq: 1 }, tx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.db.query('SELECT id FROM readings')).toEqual([]);
  });

  it('streams rows in order', async () => {
    for (let seq = 1; seq <= 25; seq++) await insertReading(t, { seq });
    const seen: number[] = [];
    for await (const row of t.db.stream<{ seq: number }>('SELECT seq FROM readings ORDER BY seq')) seen.push(Number(row.seq));
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('refuses an object parameter before it can expand into SQL', async () => {
    await expect(t.db.query('SELECT * FROM devices WHERE id = ?', [{ id: 1 } as never])).rejects.toBeInstanceOf(InvalidSqlParamError);
  });

  it("serves the seed's data view with its exact columns", async () => {
    await insertReading(t, { seq: 1 });
    const rows = await t.db.query<Record<string, unknown>>('SELECT * FROM data ORDER BY ID DESC LIMIT 50');
    expect(Object.keys(rows[0]!)).toEqual(['ID', 'date', 'day', 'time', 'Voltage_V', 'Current_I', 'Power_W', 'device_id']);
    expect(rows[0]).toMatchObject({ date: '2025-11-27', day: 'Thursday', time: '07:00:00', Voltage_V: 229.87, Current_I: 1.423, Power_W: 318.2 });
  });

  it('provisions, rotates and revokes devices with hashed secrets', async () => {
    const devices = new DevicesRepository(t.db);
    const { device, secret } = await devices.add('kitchen-1', 'Kitchen');
    expect(device).toMatchObject({ id: 'kitchen-1', name: 'Kitchen', revokedMs: null });
    expect(device.secretHash).not.toContain(secret);
    expect(await verifySecret(secret, device.secretHash)).toBe(true);
    await expect(devices.add('kitchen-1')).rejects.toBeInstanceOf(DeviceAlreadyExistsError);
    await devices.revoke('kitchen-1');
    expect((await devices.find('kitchen-1'))!.revokedMs).not.toBeNull();
    const rotated = await devices.rotate('kitchen-1');
    const after = (await devices.find('kitchen-1'))!;
    expect(await verifySecret(secret, after.secretHash)).toBe(false);
    expect(await verifySecret(rotated, after.secretHash)).toBe(true);
    expect(after.revokedMs).toBeNull();
  });

  it('keeps observers with re-keying', async () => {
    const observers = new ObserversRepository(t.db);
    const first = await observers.upsert('grafana');
    const second = await observers.upsert('grafana');
    const record = (await observers.find('grafana'))!;
    expect(await verifySecret(first, record.secretHash)).toBe(false);
    expect(await verifySecret(second, record.secretHash)).toBe(true);
  });
});

async function insertReading(t: TestDatabase, r: { seq: number | null; tsMs?: number }, q: Pick<TestDatabase['db'], 'execute'> = t.db): Promise<number> {
  const { affectedRows } = await q.execute(
    `${t.db.sql.insertIgnore} INTO readings (device_id, seq, ts_ms, ts_source, received_ms, voltage_v, current_a, power_w, power_kind,
      apparent_power_va, power_factor, energy_counter_wh, energy_delta_wh)
     VALUES (?, ?, ?, 'device', ?, 229.87, 1.423, 318.2, 'real', 327.1, 0.973, NULL, 0)`,
    ['kitchen-1', r.seq, r.tsMs ?? 1_764_226_800_000, 1_764_226_800_000],
  );
  return affectedRows;
}
