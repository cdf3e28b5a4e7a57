import { startOfLocalDayMs, toLocalTime } from '@energy/db';
import { loadReadings } from './history-data';
import { spreadEnergy, utcBuckets } from './spread-energy';
import { INJECTIONS, startGatewayHarness, type GatewayHarness } from './gateway-harness';

const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;
const START = startOfLocalDayMs('2026-10-24', ZONE);
const END = startOfLocalDayMs('2026-10-27', ZONE);
const TARIFF = {
  currency: 'EUR',
  flatRatePerKwh: 0.3,
  standingChargePerDay: 0.4,
  timeOfUse: [{ from: '22:00', to: '06:00', ratePerKwh: 0.1 }],
};

describe('energy and cost', () => {
  let h: GatewayHarness;
  let readKey: string;
  const get = (path: string) => h.request('GET', path, { apiKey: readKey });

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: ZONE });
    readKey = (await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'r', access: 'read' } })).body.key;
    await loadReadings(h.db.db, ZONE, ['kitchen-1'], START, END - START, 30_000);
    // the last three hours for the month-to-date figures
    const now = Date.now();
    await loadReadings(h.db.db, ZONE, ['summary-1'], now - 3 * 3_600_000, 3 * 3_600_000 - 5_000, 30_000);
  }, 60_000);
  afterAll(() => h.close());

  /**
   * A device's energy after `since`, straight from its readings: each reading's energy covers
   * (energy_from_ms, ts_ms] evenly, so a reading straddling `since` (local midnight, say) counts in part.
   */
  async function energySinceWh(deviceId: string | null, since: number): Promise<number> {
    const [row] = (await h.db.db.query<{ wh: number | null }>(
      `SELECT SUM(CASE WHEN COALESCE(energy_from_ms, ts_ms) >= ? THEN energy_delta_wh
                       ELSE energy_delta_wh * (ts_ms - ?) / (ts_ms - energy_from_ms) END) AS wh
         FROM readings WHERE (? IS NULL OR device_id = ?) AND ts_ms > ?`,
      [since, since, deviceId, deviceId, since],
    )) as [{ wh: number | null }];
    return Number(row?.wh ?? 0);
  }

  it('has a default tariff and replaces it with a validated one', async () => {
    expect((await get('/api/v1/tariff')).body).toEqual({ currency: 'EUR', flatRatePerKwh: 0.3, standingChargePerDay: 0, timeOfUse: [] });
    expect((await h.request('PUT', '/api/v1/tariff', { apiKey: readKey, body: TARIFF })).status).toBe(403);
    const bad = await h.request('PUT', '/api/v1/tariff', {
      token: h.adminToken,
      body: { currency: 'euro', flatRatePerKwh: -1, timeOfUse: [{ from: '22:00', to: '23:00', ratePerKwh: 0.1 }, { from: '22:30', to: '06:00', ratePerKwh: 0.2 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('currency: must be an ISO 4217 code such as EUR; flatRatePerKwh: flatRatePerKwh must be at least 0; timeOfUse.1: overlaps window 0');
    expect((await h.request('PUT', '/api/v1/tariff', { token: h.adminToken, body: { ...TARIFF, flatRatePerKwh: { flatRatePerKwh: 1 } } })).status).toBe(400);
    const put = await h.request('PUT', '/api/v1/tariff', { token: h.adminToken, body: TARIFF });
    expect(put).toMatchObject({ status: 200, body: TARIFF });
    expect((await get('/api/v1/tariff')).body).toEqual(TARIFF);
  });

  it('reports kWh and time-of-use cost per site-local day, matching the raw readings', async () => {
    const res = await get(`/api/v1/energy?devices=kitchen-1&from=${START}&to=${END}&period=day`);
    expect(res.status).toBe(200);
    // The energy as the ingest books it (each reading's interval spread over the minutes it covers), per local day and rate.
    const byDay = new Map<string, { day: string; wh: number; weighted: number }>();
    for (const [minute, wh] of await spreadEnergy(h.db.db, 'kitchen-1', utcBuckets(60_000))) {
      const local = toLocalTime(Number(minute), ZONE);
      const hour = Number(local.time.slice(0, 2));
      const day = byDay.get(local.date) ?? { day: local.date, wh: 0, weighted: 0 };
      day.wh += wh;
      day.weighted += wh * (hour >= 22 || hour < 6 ? 0.1 : 0.3);
      byDay.set(local.date, day);
    }
    const expected = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
    expect(res.body.period).toBe('day');
    expect(res.body.currency).toBe('EUR');
    expect(res.body.buckets.map((b: { label: string; start: number }) => [b.label, b.start])).toEqual(expected.map((e) => [e.day, startOfLocalDayMs(e.day, ZONE)]));
    res.body.buckets.forEach((bucket: { kwh: number; cost: number }, i: number) => {
      expect(bucket.kwh).toBeCloseTo(expected[i]!.wh / 1000, 5);
      expect(bucket.cost).toBeCloseTo(expected[i]!.weighted / 1000 + 0.4, 3);
    });
    const totalWh = expected.reduce((sum, e) => sum + Number(e.wh), 0);
    expect(res.body.totalKwh).toBeCloseTo(totalWh / 1000, 5);
    expect(res.body.totalCost).toBeCloseTo(expected.reduce((sum, e) => sum + Number(e.weighted), 0) / 1000 + 3 * 0.4, 3);

    const weekly = await get(`/api/v1/energy?devices=kitchen-1&from=${START}&to=${END}&period=week`);
    expect(weekly.body.buckets.map((b: { label: string }) => b.label)).toEqual(['2026-10-19', '2026-10-26']);
    expect(weekly.body.totalKwh).toBeCloseTo(res.body.totalKwh, 5);
    expect(weekly.body.totalCost).toBeCloseTo(res.body.totalCost, 3);
    const monthly = await get(`/api/v1/energy?from=${START}&to=${END}&period=month`);
    expect(monthly.body.buckets).toEqual([{ start: startOfLocalDayMs('2026-10-01', ZONE), label: '2026-10', kwh: expect.any(Number), cost: expect.any(Number) }]);
    expect(monthly.body.totalKwh).toBeCloseTo(res.body.totalKwh, 5);
    const hourly = await get(`/api/v1/energy?devices=kitchen-1&from=${START}&to=${START + DAY}&period=hour`);
    expect(hourly.body.buckets).toHaveLength(24);
    expect(hourly.body.buckets[0].label).toBe('2026-10-24 00:00');
    expect(hourly.body.totalKwh).toBeCloseTo(expected[0]!.wh / 1000, 5);
  });

  it('gives today, month to date and a month-end projection', async () => {
    const now = Date.now();
    const res = await get('/api/v1/energy/summary?devices=summary-1');
    expect(res.status).toBe(200);
    const today = toLocalTime(now, ZONE).date;
    const monthStart = startOfLocalDayMs(`${today.slice(0, 7)}-01`, ZONE);
    const todayWh = await energySinceWh('summary-1', startOfLocalDayMs(today, ZONE));
    const monthWh = await energySinceWh('summary-1', monthStart);
    expect(res.body.currency).toBe('EUR');
    expect(res.body.todayKwh).toBeCloseTo(Number(todayWh) / 1000, 5);
    expect(res.body.monthToDateKwh).toBeCloseTo(Number(monthWh) / 1000, 5);
    expect(res.body.todayCost).toBeGreaterThanOrEqual(0.4); // the standing charge at least
    const [y, m] = today.split('-').map(Number) as [number, number];
    const nextMonth = startOfLocalDayMs(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), ZONE);
    const scale = (nextMonth - monthStart) / Math.max(3_600_000, now - monthStart);
    expect(res.body.projectedMonthKwh / (res.body.monthToDateKwh * scale)).toBeCloseTo(1, 2);
    expect(res.body.projectedMonthCost).toBeGreaterThan(res.body.monthToDateCost);
  });

  it('previews the month to date under a proposed tariff with the summary\'s own pricing, saving nothing', async () => {
    const proposed = { currency: 'USD', flatRatePerKwh: 0.6, standingChargePerDay: 0.5, timeOfUse: [] };
    const now = Date.now();
    const [res, summary] = await Promise.all([h.request('POST', '/api/v1/tariff/preview', { apiKey: readKey, body: proposed }), get('/api/v1/energy/summary')]);
    expect(res.status).toBe(200);
    const today = toLocalTime(now, ZONE).date;
    const monthStart = startOfLocalDayMs(`${today.slice(0, 7)}-01`, ZONE);
    const monthWh = await energySinceWh(null, monthStart);
    expect(res.body.monthToDateKwh).toBeCloseTo(Number(monthWh) / 1000, 5);
    // The stored tariff's figures are the summary's; the proposed one is the flat rate on the same kWh plus its standing charge per day so far.
    expect(res.body.current).toMatchObject({ currency: 'EUR', monthToDateCost: summary.body.monthToDateCost });
    expect(res.body.current.projectedMonthCost).toBeCloseTo(summary.body.projectedMonthCost, 3); // the two requests' clocks differ by milliseconds
    expect(res.body.proposed.currency).toBe('USD');
    expect(res.body.proposed.monthToDateCost).toBeCloseTo(res.body.monthToDateKwh * 0.6 + 0.5 * Number(today.slice(8, 10)), 3);
    expect((await get('/api/v1/tariff')).body).toEqual(TARIFF);

    const bad = await h.request('POST', '/api/v1/tariff/preview', { apiKey: readKey, body: { ...proposed, currency: 'usd', timeOfUse: [{ from: '07:00', to: '07:00', ratePerKwh: 0.1 }] } });
    expect(bad).toMatchObject({ status: 400, body: { message: 'currency: must be an ISO 4217 code such as EUR; timeOfUse.0.to: must differ from from' } });
  });

  it('tells the site time zone and where it is set', async () => {
    expect(await get('/api/v1/site')).toMatchObject({ status: 200, body: { timeZone: ZONE, timeZoneSource: 'SITE_TIMEZONE' } });
  });

  it('refuses bad parameters and injection', async () => {
    const cases: [string, string][] = [
      [`/api/v1/energy?from=${START}&to=${START + 32 * DAY}&period=hour`, 'to: the range from..to must be at most 31 days for period hour'],
      [`/api/v1/energy?from=${START}&to=${START + 401 * DAY}`, 'to: the range from..to must be at most 400 days for period day'],
      [`/api/v1/energy?from=${START}&to=${END}&period=year`, 'period: must be hour, day, week or month'],
      [`/api/v1/energy?to=${END}`, 'from: must be a UTC millisecond timestamp'],
      ['/api/v1/energy/summary?devices=a,B', 'devices.1: must be a device id: lowercase letters, digits, - and _, at most 64 characters'],
    ];
    for (const [path, message] of cases) expect({ path, ...(await get(path)) }).toMatchObject({ path, status: 400, body: { message } });
    for (const evil of INJECTIONS.map(encodeURIComponent)) {
      for (const path of [`/api/v1/energy?devices=${evil}&from=${START}&to=${END}`, `/api/v1/energy?from=${evil}&to=${END}`, `/api/v1/energy?from=${START}&to=${END}&period=${evil}`, `/api/v1/energy/summary?devices=${evil}`]) {
        const res = await get(path);
        expect([400, 200]).toContain(res.status);
        if (res.status === 200) expect(res.body.totalKwh ?? res.body.todayKwh).toBe(0);
      }
    }
  });
});
