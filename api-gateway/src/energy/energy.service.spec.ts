import { toLocalTime } from '@energy/db';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import type { GatewayConfig } from '../config/env';
import { EnergyRepository } from './energy.repository';
import { EnergyService } from './energy.service';
import type { Tariff } from './tariff';
import { TariffRepository } from './tariff.repository';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const day = Date.UTC(2026, 10, 2); // a Monday

/**
 * The service on a real (embedded SQLite) database with rollup rows as the ingest writes them: the
 * energy of a minute in the minute, hour and site-local day rollups alike.
 */
describe(EnergyService.name, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDatabase();
  });
  afterEach(() => t.drop());

  const service = (timeZone = 'UTC') => new EnergyService(new EnergyRepository(t.db), new TariffRepository(t.db), { siteTimeZone: timeZone } as GatewayConfig);
  const setTariff = (tariff: Tariff) => new TariffRepository(t.db).put(tariff, 'test');

  /** Stores `wh` for the minute starting at `minuteMs` in every rollup, as the ingest would. */
  async function storeMinute(deviceId: string, minuteMs: number, wh: number, timeZone = 'UTC'): Promise<void> {
    const stats = [1, 230, 230, 230, 1, 1, 1, 230, 230, 230, wh];
    const upsert = (table: string, key: string) =>
      `INSERT INTO ${table} (device_id, ${key}, n, v_sum, v_min, v_max, i_sum, i_min, i_max, p_sum, p_min, p_max, energy_wh) VALUES (?, ?, ${stats.map(() => '?').join(', ')})
       ON CONFLICT (device_id, ${key}) DO UPDATE SET energy_wh = energy_wh + excluded.energy_wh`;
    await t.db.execute(upsert('rollup_minute', 'bucket_ms'), [deviceId, minuteMs, ...stats]);
    await t.db.execute(upsert('rollup_hour', 'bucket_ms'), [deviceId, Math.floor(minuteMs / HOUR) * HOUR, ...stats]);
    await t.db.execute(upsert('rollup_day', 'day'), [deviceId, toLocalTime(minuteMs, timeZone).date, ...stats]);
  }

  const tariff: Tariff = { currency: 'GBP', flatRatePerKwh: 0.3, standingChargePerDay: 0.5, timeOfUse: [{ from: '00:00', to: '07:00', ratePerKwh: 0.1 }] };

  it('prices each hour at its time-of-use rate and adds the standing charge per day', async () => {
    await setTariff(tariff);
    await storeMinute('a', day + 2 * HOUR, 1000); // night: 0.10
    await storeMinute('a', day + 12 * HOUR, 2000); // day: 0.30
    await storeMinute('b', day + 24 * HOUR + 12 * HOUR, 500);
    const report = await service().report(null, day, day + 2 * 24 * HOUR, 'day');
    expect(report).toEqual({
      period: 'day',
      currency: 'GBP',
      buckets: [
        { start: day, label: '2026-11-02', kwh: 3, cost: 0.1 + 0.6 + 0.5 },
        { start: day + 24 * HOUR, label: '2026-11-03', kwh: 0.5, cost: 0.15 + 0.5 },
      ],
      totalKwh: 3.5,
      totalCost: 1.85,
    });
    expect((await service().report(['b'], day, day + 2 * 24 * HOUR, 'day')).totalKwh).toBe(0.5);
  });

  it('uses the default tariff until one is saved, and lists empty buckets', async () => {
    const report = await service().report(['a'], day, day + 3 * HOUR, 'hour');
    expect(report.currency).toBe('EUR');
    expect(report.buckets.map((b) => [b.label, b.kwh, b.cost])).toEqual([
      ['2026-11-02 00:00', 0, 0],
      ['2026-11-02 01:00', 0, 0],
      ['2026-11-02 02:00', 0, 0],
    ]);
  });

  it('counts the minutes that start in [from, to), also inside an hour', async () => {
    await setTariff({ ...tariff, standingChargePerDay: 0 });
    for (let m = 0; m < 120; m++) await storeMinute('a', day + 10 * HOUR + m * MINUTE, 1); // 10:00-12:00, 1 Wh a minute
    const report = await service().report(['a'], day + 10 * HOUR + 15 * MINUTE + 1, day + 11 * HOUR + 30 * MINUTE, 'hour');
    // 10:16..10:59 and 11:00..11:29; a minute starting before `from` is not counted
    expect(report.buckets.map((b) => [b.label, b.kwh])).toEqual([
      ['2026-11-02 10:00', 0.044],
      ['2026-11-02 11:00', 0.03],
    ]);
  });

  it('splits the UTC hour around local midnight in a half-hour zone between its days', async () => {
    const zone = 'Asia/Kolkata'; // midnight is 18:30Z
    await setTariff({ ...tariff, standingChargePerDay: 0, timeOfUse: [] });
    for (let m = 0; m < 60; m++) await storeMinute('a', day + 18 * HOUR + m * MINUTE, m < 30 ? 1 : 2, zone);
    const report = await service(zone).report(['a'], day - 5.5 * HOUR, day + 42.5 * HOUR, 'day');
    expect(report.buckets.map((b) => [b.label, b.kwh])).toEqual([
      ['2026-11-02', 0.03],
      ['2026-11-03', 0.06],
    ]);
  });

  it('projects the month linearly from the month so far', async () => {
    await setTariff({ ...tariff, timeOfUse: [] });
    const now = Date.UTC(2026, 10, 11); // 10 of 30 days gone
    for (let i = 0; i < 240; i++) await storeMinute('a', Date.UTC(2026, 10, 1) + i * HOUR, 100);
    expect(await service().summary(null, now)).toEqual({
      todayKwh: 0,
      todayCost: 0.5,
      monthToDateKwh: 24,
      monthToDateCost: 12.7,
      projectedMonthKwh: 72,
      projectedMonthCost: 36.6,
      currency: 'GBP',
    });
  });
});
