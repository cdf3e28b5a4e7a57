import type { NewReading } from '@energy/db';
import { ReadingsRepository } from '@energy/ingest-service/store';
import { loadReadings } from './history-data';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 5, 8); // readings every 10 s for 4 hours
const T1 = Date.UTC(2026, 0, 1); // one reading an hour for 2,001 hours
const T2 = Date.UTC(2026, 9, 6, 8); // 1 kW with a counter, then a 2-hour outage the counter bridges

interface Point {
  ts: number;
  n: number;
  energy_wh: number;
}

/**
 * Which rollup buckets a history query returns, at the edges of [from, to): every bucket that
 * overlaps the range, each one whole, and never more than 1,000 points for auto.
 */
describe('history at the edges of the range', () => {
  let h: GatewayHarness;
  const history = async (query: string) => h.request('GET', `/api/v1/history?${query}`, { token: h.adminToken });
  /** Readings per `bucketMs` window (epoch-aligned) over [from, to), straight from the raw table. */
  const rawWindows = async (deviceId: string, from: number, to: number, bucketMs: number) =>
    (
      await h.db.db.query<{ b: number; n: number; wh: number }>(
        'SELECT ts_ms - ts_ms % ? AS b, COUNT(*) AS n, SUM(energy_delta_wh) AS wh FROM readings WHERE device_id = ? AND ts_ms >= ? AND ts_ms < ? GROUP BY b ORDER BY b',
        [bucketMs, deviceId, from, to],
      )
    ).map((r) => ({ ts: Number(r.b), n: Number(r.n) }));

  beforeAll(async () => {
    h = await startGatewayHarness({ SITE_TIMEZONE: 'UTC' });
    await loadReadings(h.db.db, 'UTC', ['edge-1'], T0, 4 * HOUR, 10_000);
    await loadReadings(h.db.db, 'UTC', ['hourly-1'], T1, 2001 * HOUR, HOUR);
    const counter = (tsMs: number, seq: number): NewReading => ({
      deviceId: 'gap-1',
      seq,
      tsMs,
      tsSource: 'device',
      receivedMs: tsMs,
      voltageV: 230,
      currentA: 4.348,
      powerW: 1000,
      powerKind: 'real',
      apparentPowerVa: 1000,
      powerFactor: 1,
      energyCounterWh: (tsMs - T2) / HOUR * 1000, // 1 kW throughout, also while the device was away
    });
    const before = Array.from({ length: 31 }, (_, i) => counter(T2 + i * MINUTE, i)); // 08:00..08:30
    const after = Array.from({ length: 31 }, (_, i) => counter(T2 + 2 * HOUR + 30 * MINUTE + i * MINUTE, 31 + i)); // 10:30..11:00
    await new ReadingsRepository(h.db.db, 'UTC').insertBatch([...before, ...after]);
  }, 120_000);
  afterAll(() => h.close());

  it('returns the minute holding `from` and the minute holding `to`, each whole', async () => {
    const from = T0 + 10 * MINUTE + 30_000;
    const to = T0 + 20 * MINUTE + 30_000;
    const res = await history(`devices=edge-1&from=${from}&to=${to}&resolution=minute`);
    expect(res.status).toBe(200);
    const points: Point[] = res.body.series[0].points;
    expect(points.map((p) => ({ ts: p.ts, n: p.n }))).toEqual(await rawWindows('edge-1', T0 + 10 * MINUTE, T0 + 21 * MINUTE, MINUTE));
    expect(points.map((p) => (p.ts - T0) / MINUTE)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(points.every((p) => p.n === 6)).toBe(true);
  });

  it('leaves out the bucket that starts at `to`, and keeps the one that starts at `from`', async () => {
    const res = await history(`devices=edge-1&from=${T0 + 10 * MINUTE}&to=${T0 + 20 * MINUTE}&resolution=minute`);
    expect(res.body.series[0].points.map((p: Point) => (p.ts - T0) / MINUTE)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    // one millisecond is enough to overlap a bucket
    const wider = await history(`devices=edge-1&from=${T0 + 10 * MINUTE - 1}&to=${T0 + 20 * MINUTE + 1}&resolution=minute`);
    expect(wider.body.series[0].points.map((p: Point) => (p.ts - T0) / MINUTE)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('does the same with hours and with merged buckets', async () => {
    const hours = await history(`devices=edge-1&from=${T0 + 30 * MINUTE}&to=${T0 + 2 * HOUR + 30 * MINUTE}&resolution=hour`);
    expect(hours.body.series[0].points.map((p: Point) => ({ ts: p.ts, n: p.n }))).toEqual(await rawWindows('edge-1', T0, T0 + 3 * HOUR, HOUR));
    // 3 h 50 min of minute rollups, merged into 1000 points at most: here 1-minute points still fit
    const auto = await history(`devices=edge-1&from=${T0 + 5 * MINUTE + 1}&to=${T0 + 3 * HOUR + 55 * MINUTE - 1}`);
    expect(auto.body).toMatchObject({ resolution: 'minute', bucketMs: MINUTE });
    expect(auto.body.series[0].points.map((p: Point) => ({ ts: p.ts, n: p.n }))).toEqual(await rawWindows('edge-1', T0 + 5 * MINUTE, T0 + 3 * HOUR + 55 * MINUTE, MINUTE));
  });

  it('keeps auto at 1,000 points at most when the range does not start on a merged bucket', async () => {
    // 2,000 hourly rollups starting on an odd hour: 2-hour points would need 1,001
    const from = T1 + HOUR;
    const to = from + 2000 * HOUR;
    const res = await history(`devices=hourly-1&from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const points: Point[] = res.body.series[0].points;
    expect(points.length).toBeLessThanOrEqual(1000);
    const bucketMs: number = res.body.bucketMs;
    expect(res.body.resolution).toBe('hour');
    expect(bucketMs % HOUR).toBe(0);
    // every point is its whole bucketMs window, and together they cover the range
    expect(points.map((p) => ({ ts: p.ts, n: p.n }))).toEqual(await rawWindows('hourly-1', Math.floor(from / bucketMs) * bucketMs, Math.ceil(to / bucketMs) * bucketMs, bucketMs));
    expect(points[0]!.ts).toBeLessThanOrEqual(from);
    expect(points[points.length - 1]!.ts + bucketMs).toBeGreaterThanOrEqual(to);
  });

  it('leaves out the buckets inside an outage that hold only energy spread into them, with no reading', async () => {
    const minutes = await history(`devices=gap-1&from=${T2}&to=${T2 + 3 * HOUR}&resolution=minute`);
    expect(minutes.status).toBe(200);
    const points: Point[] = minutes.body.series[0].points;
    // 08:00..08:30 and 10:30..10:59: the 119 minutes in between hold energy but no reading
    expect(points.map((p) => (p.ts - T2) / MINUTE)).toEqual([...Array.from({ length: 31 }, (_, i) => i), ...Array.from({ length: 30 }, (_, i) => 150 + i)]);
    const [{ empty }] = (await h.db.db.query<{ empty: number }>("SELECT COUNT(*) AS empty FROM rollup_minute WHERE device_id = 'gap-1' AND n = 0")) as [{ empty: number }];
    expect(Number(empty)).toBe(119);
    for (const p of points) expect(p).toMatchObject({ voltage_v: { avg: 230, min: 230, max: 230 }, power_w: { avg: 1000, min: 1000, max: 1000 } });
    const hours = await history(`devices=gap-1&from=${T2}&to=${T2 + 3 * HOUR}&resolution=hour`);
    expect(hours.body.series[0].points.map((p: Point) => [(p.ts - T2) / HOUR, p.n])).toEqual([
      [0, 31],
      [2, 30], // 10:30..10:59; the reading at 11:00 is in the next hour
    ]);
  });
});
