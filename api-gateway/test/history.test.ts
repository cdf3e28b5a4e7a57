import { localDateSql, startOfLocalDayMs, writeSiteTimeZone } from '@energy/db';
import { loadReadings } from './history-data';
import { localDays, spreadEnergy, utcBuckets } from './spread-energy';
import { INJECTIONS, startGatewayHarness, type GatewayHarness } from './gateway-harness';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Three site-local days around the DST change (25 October 2026 has 25 hours in Berlin).
const START = startOfLocalDayMs('2026-10-24', ZONE);
const END = startOfLocalDayMs('2026-10-27', ZONE);
const DEVICES = ['kitchen-1', 'garage-2'];

interface Point {
  ts: number;
  n: number;
  voltage_v: { avg: number; min: number; max: number };
  current_a: { avg: number; min: number; max: number };
  power_w: { avg: number; min: number; max: number };
  energy_wh: number;
}

interface RawAggregate {
  device_id: string;
  b: number | string;
  n: number;
  v_avg: number;
  v_min: number;
  v_max: number;
  i_avg: number;
  i_min: number;
  i_max: number;
  p_avg: number;
  p_min: number;
  p_max: number;
  wh: number;
}

const AGG = `COUNT(*) AS n, AVG(voltage_v) AS v_avg, MIN(voltage_v) AS v_min, MAX(voltage_v) AS v_max,
  AVG(current_a) AS i_avg, MIN(current_a) AS i_min, MAX(current_a) AS i_max,
  AVG(power_w) AS p_avg, MIN(power_w) AS p_min, MAX(power_w) AS p_max, SUM(energy_delta_wh) AS wh`;

function expectMatches(points: Point[], expected: RawAggregate[], tsOf: (b: number | string) => number): void {
  expect(points.map((p) => p.ts)).toEqual(expected.map((e) => tsOf(e.b)));
  points.forEach((p, i) => {
    const e = expected[i]!;
    expect(p.n).toBe(Number(e.n));
    expect(p.voltage_v.avg).toBeCloseTo(e.v_avg, 3);
    expect(p.current_a.avg).toBeCloseTo(e.i_avg, 3);
    expect(p.power_w.avg).toBeCloseTo(e.p_avg, 3);
    expect([p.voltage_v.min, p.voltage_v.max, p.current_a.min, p.current_a.max, p.power_w.min, p.power_w.max]).toEqual([e.v_min, e.v_max, e.i_min, e.i_max, e.p_min, e.p_max]);
    expect(p.energy_wh).toBeCloseTo(Number(e.wh), 3);
  });
}

/** Raw aggregates with the energy the rollups hold: each reading's interval spread over the buckets it covers. */
async function withSpreadEnergy(rows: Promise<RawAggregate[]>, energy: Map<number | string, number>): Promise<RawAggregate[]> {
  return (await rows).map((r) => ({ ...r, wh: energy.get(typeof r.b === 'string' ? r.b : Number(r.b)) ?? 0 }));
}

describe('history', () => {
  let h: GatewayHarness;
  let token: string;
  const history = async (query: string) => h.request('GET', `/api/v1/history?${query}`, { token });
  /** Raw-table aggregation into `bucketMs` buckets whose start lies in [from, to): what the rollups must equal. */
  const rawBuckets = (deviceId: string, from: number, to: number, bucketMs: number) =>
    h.db.db.query<RawAggregate>(
      `SELECT device_id, ts_ms - ts_ms % ? AS b, ${AGG} FROM readings WHERE device_id = ? AND ts_ms - ts_ms % 60000 >= ? AND ts_ms - ts_ms % 60000 < ? GROUP BY device_id, b ORDER BY b`,
      [bucketMs, deviceId, from, to],
    );

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: ZONE });
    token = h.adminToken;
    // 3 days every 10 s for two devices: 2 x ~25,700 readings through the real batched insert path
    await loadReadings(h.db.db, ZONE, DEVICES, START, END - START, 10_000);
    // As the ingest does at start-up: the database then knows the site's local days (rows store UTC only).
    await writeSiteTimeZone(h.db.db, ZONE);
  }, 120_000);
  afterAll(() => h.close());

  it('serves raw readings when a range holds at most 1000 per series', async () => {
    const from = START + 2 * HOUR;
    const to = from + 2 * HOUR; // 720 readings
    const res = await history(`devices=kitchen-1&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resolution: 'raw', bucketMs: null, from, to });
    const points: Point[] = res.body.series[0].points;
    const rows = await h.db.db.query<{ ts_ms: number; voltage_v: number; energy_delta_wh: number }>(
      'SELECT ts_ms, voltage_v, energy_delta_wh FROM readings WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? ORDER BY ts_ms',
      ['kitchen-1', from, to],
    );
    expect(points).toHaveLength(720);
    expect(points.map((p) => [p.ts, p.voltage_v.avg, p.voltage_v.min, p.voltage_v.max, p.n])).toEqual(rows.map((r) => [r.ts_ms, r.voltage_v, r.voltage_v, r.voltage_v, 1]));
    expect(points[5]!.energy_wh).toBeCloseTo(rows[5]!.energy_delta_wh, 4);
  });

  it.each([
    ['1 day, auto', START + DAY, START + 2 * DAY, 'auto', 'minute', 120_000],
    ['3 days, auto', START, END, 'auto', 'minute', 300_000],
    ['6 hours at minute', START + 3 * HOUR, START + 9 * HOUR, 'minute', 'minute', 60_000],
    ['3 days at hour', START, END, 'hour', 'hour', HOUR],
  ] as const)('matches raw SQL aggregates for %s', async (_label, from, to, asked, resolution, bucketMs) => {
    const res = await history(`devices=${DEVICES.join(',')}&from=${from}&to=${to}&resolution=${asked}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resolution, bucketMs });
    expect(res.body.series.map((s: { deviceId: string }) => s.deviceId)).toEqual(DEVICES);
    for (const [i, deviceId] of DEVICES.entries()) {
      const points: Point[] = res.body.series[i].points;
      expect(points.length).toBeLessThanOrEqual(1000);
      expectMatches(points, await withSpreadEnergy(rawBuckets(deviceId, from, to, bucketMs), await spreadEnergy(h.db.db, deviceId, utcBuckets(bucketMs))), Number);
    }
  });

  it('matches raw SQL for site-local days, including the 25-hour day', async () => {
    const res = await history(`devices=garage-2&from=${START}&to=${END}&resolution=day`);
    expect(res.body).toMatchObject({ resolution: 'day', bucketMs: null });
    const expected = await withSpreadEnergy(
      h.db.db.query<RawAggregate>(`SELECT device_id, ${localDateSql(h.db.db.dialect)} AS b, ${AGG} FROM readings WHERE device_id = ? GROUP BY device_id, b ORDER BY b`, ['garage-2']),
      await spreadEnergy(h.db.db, 'garage-2', localDays(ZONE)),
    );
    expect(expected.map((e) => e.b)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    expectMatches(res.body.series[0].points, expected, (b) => startOfLocalDayMs(String(b), ZONE));
    expect(res.body.series[0].points[1].n).toBe(25 * 360); // the DST day has 25 hours of readings
  });

  it('keeps long ranges bounded and picks hours, then days', async () => {
    const [{ c: total }] = (await h.db.db.query<{ c: number }>('SELECT COUNT(*) AS c FROM readings WHERE device_id = ?', ['kitchen-1'])) as [{ c: number }];
    const month = await history(`devices=kitchen-1&from=${END - 30 * DAY}&to=${END}`);
    expect(month.body).toMatchObject({ resolution: 'hour', bucketMs: HOUR });
    expect(month.body.series[0].points).toHaveLength(73); // 3 local days, one of them 25 hours long
    expect(month.body.series[0].points.reduce((sum: number, p: Point) => sum + p.n, 0)).toBe(Number(total));
    const quarter = await history(`devices=kitchen-1&from=${END - 90 * DAY}&to=${END}`);
    expect(quarter.body).toMatchObject({ resolution: 'hour', bucketMs: 3 * HOUR });
    expect(quarter.body.series[0].points.map((p: Point) => p.ts % (3 * HOUR))).toEqual(quarter.body.series[0].points.map(() => 0));
    expect(quarter.body.series[0].points.reduce((sum: number, p: Point) => sum + p.n, 0)).toBe(Number(total));
    const year = await history(`devices=kitchen-1&from=${END - 400 * DAY}&to=${END}`);
    expect(year.body).toMatchObject({ resolution: 'day', bucketMs: null });
    expect(year.body.series[0].points).toHaveLength(3);
    expect((await history(`devices=nobody&from=${START}&to=${END}`)).body.series).toEqual([{ deviceId: 'nobody', points: [] }]);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    const cases: [string, string][] = [
      [`from=${START}&to=${END}`, 'devices: must be a comma-separated list of device ids'],
      [`devices=&from=${START}&to=${END}`, 'devices: must name at least one device'],
      [`devices=kitchen-1&from=${END}&to=${START}`, 'to: must be after from'],
      [`devices=kitchen-1&from=${START}&to=${START + 401 * DAY}`, 'to: the range from..to must be at most 400 days'],
      [`devices=kitchen-1&from=yesterday&to=${END}`, 'from: must be a UTC millisecond timestamp (digits only)'],
      [`devices=kitchen-1&from=${START}&to=${END}&resolution=second`, 'resolution: must be auto, raw, minute, hour or day'],
      [`devices=kitchen-1&from=${START}&to=${START + 30 * DAY}&resolution=minute`, 'resolution: minute would return about 43200 points per series; the limit is 10000'],
      [`devices=kitchen-1&from=${START}&to=${END}&resolution=raw`, 'resolution: raw would return about 10001 points per series'],
      [`devices=${Array.from({ length: 21 }, (_, i) => `d${i}`).join(',')}&from=${START}&to=${END}`, 'devices: must name at most 20 devices'],
      [`devices=kitchen-1&from=${START}&to=${END}&limit=5`, 'unknown parameter limit'],
    ];
    for (const [query, message] of cases) {
      const res = await history(query);
      expect({ query, status: res.status, message: res.body.message }).toEqual({ query, status: 400, message: expect.stringContaining(message) });
    }
  });

  it('rejects SQL injection in every parameter, or treats it as data', async () => {
    const [before] = await h.db.db.query<{ c: number }>('SELECT COUNT(*) AS c FROM readings');
    for (const evil of INJECTIONS) {
      const e = encodeURIComponent(evil);
      for (const query of [`devices=${e}&from=${START}&to=${END}`, `devices=kitchen-1&from=${e}&to=${END}`, `devices=kitchen-1&from=${START}&to=${e}`, `devices=kitchen-1&from=${START}&to=${END}&resolution=${e}`]) {
        const res = await history(query);
        if (res.status === 200) {
          // only a string that is a well-formed device id gets through, and then it is just an unknown device
          expect(res.body.series).toEqual([{ deviceId: evil, points: [] }]);
        } else expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    }
    expect(await h.db.db.query('SELECT COUNT(*) AS c FROM readings')).toEqual([before]);
  });
});
