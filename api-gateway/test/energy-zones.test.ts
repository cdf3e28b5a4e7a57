import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import { loadReadings } from './history-data';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const STANDING = 0.4;

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

interface Bucket {
  start: number;
  label: string;
  kwh: number;
  cost: number;
}

/**
 * /energy where the site's offset is not a whole number of hours (Asia/Kolkata, +05:30): UTC hour
 * rollups straddle local midnight there, so day totals must come out of the rollups exactly anyway.
 */
describe('energy in a half-hour time zone (Asia/Kolkata)', () => {
  const ZONE = 'Asia/Kolkata';
  const START = startOfLocalDayMs('2026-11-26', ZONE); // 2026-11-25 18:30Z
  const END = startOfLocalDayMs('2026-11-29', ZONE);
  const DEVICES = ['kitchen-1', 'garage-2'];
  // Night rate from local midnight: the window edge falls in the middle of the 18:00Z hour.
  const TARIFF = { currency: 'INR', flatRatePerKwh: 2, standingChargePerDay: STANDING, timeOfUse: [{ from: '00:00', to: '06:30', ratePerKwh: 0.1 }] };
  const rateAt = (ts: number) => (toLocalTime(ts, ZONE).time < '06:30' ? 0.1 : 2);
  let h: GatewayHarness;
  const get = (path: string) => h.request('GET', path, { token: h.adminToken });

  /** kWh per site-local day as the ingest stored it (rollup_day), for the given devices. */
  const storedDays = async (deviceIds: string[]) =>
    new Map(
      (
        await h.db.db.query<{ day: string; wh: number }>(
          `SELECT day, SUM(energy_wh) AS wh FROM rollup_day WHERE device_id IN (${deviceIds.map(() => '?').join(', ')}) GROUP BY day ORDER BY day`,
          deviceIds,
        )
      ).map((r) => [String(r.day), Number(r.wh)]),
    );
  /** Wh and time-of-use cost of every stored minute in [from, to), priced at its own local minute. */
  const storedMinutes = async (deviceIds: string[], from: number, to: number) => {
    const rows = await h.db.db.query<{ bucket_ms: number; wh: number }>(
      `SELECT bucket_ms, SUM(energy_wh) AS wh FROM rollup_minute WHERE device_id IN (${deviceIds.map(() => '?').join(', ')}) AND bucket_ms >= ? AND bucket_ms < ? GROUP BY bucket_ms`,
      [...deviceIds, from, to],
    );
    return rows.reduce((sum, r) => ({ wh: sum.wh + Number(r.wh), cost: sum.cost + (Number(r.wh) / 1000) * rateAt(Number(r.bucket_ms)) }), { wh: 0, cost: 0 });
  };

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: ZONE });
    await loadReadings(h.db.db, ZONE, DEVICES, START, END - START, 30_000);
    // yesterday and today so far, for the summary
    const now = Date.now();
    await loadReadings(h.db.db, ZONE, ['summary-1'], now - 26 * HOUR, 26 * HOUR - 5_000, 60_000);
    expect((await h.request('PUT', '/api/v1/tariff', { token: h.adminToken, body: TARIFF })).status).toBe(200);
  }, 120_000);
  afterAll(() => h.close());

  it('gives each site-local day exactly the energy stored for that day, and the range all of it', async () => {
    const res = await get(`/api/v1/energy?devices=${DEVICES.join(',')}&from=${START}&to=${END}&period=day`);
    expect(res.status).toBe(200);
    const days = await storedDays(DEVICES);
    expect([...days.keys()]).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
    const buckets: Bucket[] = res.body.buckets;
    expect(buckets.map((b) => [b.label, b.start])).toEqual([...days.keys()].map((d) => [d, startOfLocalDayMs(d, ZONE)]));
    for (const b of buckets) expect({ day: b.label, kwh: b.kwh }).toEqual({ day: b.label, kwh: expect.closeTo(days.get(b.label)! / 1000, 5) });
    const all = await storedMinutes(DEVICES, 0, Number.MAX_SAFE_INTEGER);
    expect(res.body.totalKwh).toBeCloseTo(all.wh / 1000, 5); // nothing dropped at the start of the range
  });

  it('prices the minutes on both sides of local midnight at their own rates', async () => {
    const res = await get(`/api/v1/energy?devices=kitchen-1&from=${START}&to=${END}&period=day`);
    for (const b of res.body.buckets as Bucket[]) {
      const stored = await storedMinutes(['kitchen-1'], b.start, startOfLocalDayMs(nextDate(b.label), ZONE));
      expect({ day: b.label, cost: b.cost }).toEqual({ day: b.label, cost: expect.closeTo(stored.cost + STANDING, 3) });
    }
  });

  it('cuts a range that starts and ends inside hours at the minute', async () => {
    const from = START + 5 * HOUR + 17 * 60_000; // 05:17 local, inside the 23:00Z hour
    const to = START + DAY + 2 * HOUR + 43 * 60_000;
    const stored = await storedMinutes(DEVICES, from, to);
    for (const period of ['day', 'hour', 'week']) {
      const res = await get(`/api/v1/energy?devices=${DEVICES.join(',')}&from=${from}&to=${to}&period=${period}`);
      expect({ period, kwh: res.body.totalKwh }).toEqual({ period, kwh: expect.closeTo(stored.wh / 1000, 5) });
    }
  });

  it("counts today from the site's local midnight", async () => {
    const now = Date.now();
    const res = await get('/api/v1/energy/summary?devices=summary-1');
    expect(res.status).toBe(200);
    const after = Date.now();
    const today = toLocalTime(now, ZONE).date;
    if (toLocalTime(after, ZONE).date !== today) return; // the day turned over during the request
    const days = await storedDays(['summary-1']);
    expect(res.body.todayKwh).toBeCloseTo((days.get(today) ?? 0) / 1000, 5);
    const month = [...days].filter(([d]) => d.slice(0, 7) === today.slice(0, 7)).reduce((sum, [, wh]) => sum + wh, 0);
    expect(res.body.monthToDateKwh).toBeCloseTo(month / 1000, 5);
  });

  it('charges one standing charge per local day in hourly reports, though the hours straddle midnight', async () => {
    const res = await get(`/api/v1/energy?devices=nobody&from=${START}&to=${END}&period=hour`);
    expect(res.body.buckets).toHaveLength(3 * 24 + 1); // UTC hours: the first and last are half in the range
    expect(res.body.buckets[0].label).toBe('2026-11-25 23:30');
    expect(res.body.totalCost).toBeCloseTo(3 * STANDING, 3);
  });
});

describe('the standing charge on 23- and 25-hour days (Europe/Berlin)', () => {
  const ZONE = 'Europe/Berlin';
  let h: GatewayHarness;
  const get = (path: string) => h.request('GET', path, { token: h.adminToken });

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: ZONE });
    const tariff = { currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: STANDING, timeOfUse: [] };
    expect((await h.request('PUT', '/api/v1/tariff', { token: h.adminToken, body: tariff })).status).toBe(200);
  }, 60_000);
  afterAll(() => h.close());

  it.each([
    ['2026-03-29', 23, '2026-03-30'],
    ['2026-10-25', 25, '2026-10-26'],
  ])('charges exactly one day for the hours of %s (%i hours)', async (day, hours, next) => {
    const from = startOfLocalDayMs(day, ZONE);
    const to = startOfLocalDayMs(next, ZONE);
    const hourly = await get(`/api/v1/energy?devices=nobody&from=${from}&to=${to}&period=hour`);
    expect(hourly.body.buckets).toHaveLength(hours);
    expect(hourly.body.totalCost).toBeCloseTo(STANDING, 3);
    const daily = await get(`/api/v1/energy?devices=nobody&from=${from}&to=${to}&period=day`);
    expect(daily.body.totalCost).toBeCloseTo(STANDING, 3);
  });

  it('charges a whole week of hours, DST day included, as seven days', async () => {
    const from = startOfLocalDayMs('2026-10-22', ZONE);
    const to = startOfLocalDayMs('2026-10-29', ZONE);
    const hourly = await get(`/api/v1/energy?devices=nobody&from=${from}&to=${to}&period=hour`);
    expect(hourly.body.buckets).toHaveLength(7 * 24 + 1);
    expect(hourly.body.totalCost).toBeCloseTo(7 * STANDING, 3);
  });
});
