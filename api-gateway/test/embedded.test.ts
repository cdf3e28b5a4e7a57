import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReadings } from './history-data';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

const START = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;

/** The zero-setup default: the same gateway on the embedded SQLite store (dialect differences stay in libs/db). */
describe('gateway on embedded SQLite', () => {
  let t: TestDatabase;
  let broker: TestBroker;
  let h: GatewayHarness;
  beforeAll(async () => {
    t = await createSqliteTestDatabase();
    broker = await startTestBroker({ db: t.db });
    const dist = mkdtempSync(join(tmpdir(), 'dashboard-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Energy</title><app-root></app-root>');
    writeFileSync(join(dist, 'main.js'), 'console.log(1)');
    h = await startGatewayHarness({ DATABASE_URL: '', DASHBOARD_DIST: dist }, { db: t, broker });
    await loadReadings(t.db, 'UTC', ['kitchen-1'], START, 6 * HOUR, 10_000);
  });
  afterAll(async () => {
    await h.close();
    await broker.close();
    await t.drop();
  });

  it('serves history at every resolution, energy, CSV, devices and the seed chart', async () => {
    const get = (path: string) => h.request('GET', path, { token: h.adminToken });
    const [{ c }] = (await t.db.query<{ c: number }>('SELECT COUNT(*) AS c FROM readings')) as [{ c: number }];
    expect(c).toBeGreaterThan(1900);
    for (const [resolution, points] of [
      ['auto', 360],
      ['raw', 2160],
      ['minute', 360],
      ['hour', 6],
      ['day', 1],
    ] as const) {
      const res = await get(`/api/v1/history?devices=kitchen-1&from=${START}&to=${START + 6 * HOUR}&resolution=${resolution}`);
      expect({ resolution, status: res.status }).toEqual({ resolution, status: 200 });
      const n = res.body.series[0].points.reduce((sum: number, p: { n: number }) => sum + p.n, 0);
      expect(n).toBe(c);
      if (resolution !== 'raw') expect(res.body.series[0].points.length).toBeLessThanOrEqual(points);
    }
    const energy = await get(`/api/v1/energy?devices=kitchen-1&from=${START}&to=${START + 6 * HOUR}&period=hour`);
    expect(energy.body.buckets).toHaveLength(6);
    expect(energy.body.totalKwh).toBeGreaterThan(0);
    const csv = await get(`/api/v1/export.csv?devices=kitchen-1&from=${START}&to=${START + 6 * HOUR}`);
    expect(csv.text.trimEnd().split('\n')).toHaveLength(1 + c);
    expect((await get('/api/get-graph-data')).body.Voltage).toHaveLength(50);
    expect((await h.request('POST', '/api/v1/devices', { token: h.adminToken, body: { id: 'garage-2' } })).status).toBe(201);
    expect((await h.request('PUT', '/api/v1/tariff', { token: h.adminToken, body: { currency: 'GBP', flatRatePerKwh: 0.25 } })).status).toBe(200);
    expect((await get('/api/v1/devices')).body.map((d: { id: string }) => d.id)).toEqual(['garage-2']);
  });

  it('serves the built dashboard at / with an SPA fallback, and keeps API 404s as JSON', async () => {
    const html = { accept: 'text/html' };
    expect((await h.request('GET', '/', { headers: html })).text).toContain('<app-root>');
    expect((await h.request('GET', '/history/kitchen-1', { headers: html })).text).toContain('<app-root>');
    expect((await h.request('GET', '/main.js')).text).toBe('console.log(1)');
    expect(await h.request('GET', '/api/v1/nope', { headers: html })).toMatchObject({ status: 404, body: { statusCode: 404 } });
    expect((await h.request('GET', '/health', { headers: html })).body.status).toBe('ok');
  });
});
