import pino from 'pino';
import { startAnalyticsService, type RunningAnalyticsService } from '@energy/analytics-service/app';
import { loadAnalyticsConfig } from '@energy/analytics-service/config';
import { minuteOf, MONDAY_MS, seedRollups, syntheticMinutes } from '@energy/analytics-service/testing';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

const DAYS = 35;

/**
 * /api/v1/analytics: the gateway asks the real analytics service over the real broker (account
 * `gateway` on svc/analytics/...), both on a fresh MariaDB with 5 weeks of rollups.
 */
describe('gateway: /api/v1/analytics (issue 18)', () => {
  let h: GatewayHarness;
  let analytics: RunningAnalyticsService;
  let readKey: string;
  let writeKey: string;
  const nowMs = MONDAY_MS + DAYS * 86_400_000 + 5 * 60_000;

  beforeAll(async () => {
    h = await startGatewayHarness();
    const minutes = syntheticMinutes(DAYS);
    // The sensor sticks for two hours on the last afternoon: a finding with its sentence.
    const from = minuteOf(DAYS - 1, 13);
    for (const values of [minutes.powerW, minutes.voltageV, minutes.currentA]) values.fill(values[from]!, from, from + 120);
    await seedRollups(h.db.db, 'house-1', minutes);
    const config = loadAnalyticsConfig({ MQTT_URL: h.broker.url, MQTT_PASSWORD: h.broker.servicePasswords.analytics, DATABASE_URL: h.db.url, HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' });
    analytics = await startAnalyticsService(config, { logger: pino({ level: 'silent' }), clock: { now: () => nowMs }, manualRecompute: true });
    await analytics.scheduler.runNow();
    const key = async (access: 'read' | 'write') => (await h.request<{ key: string }>('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: `analytics-${access}`, access } })).body.key;
    readKey = await key('read');
    writeKey = await key('write');
  });

  afterAll(async () => {
    await analytics?.close();
    await h?.close();
  });

  it('serves the forecast of a device and of the site, and 404 for a device without one', async () => {
    const device = await h.request('GET', '/api/v1/analytics/forecasts/house-1', { apiKey: readKey });
    expect(device.status).toBe(200);
    expect(device.body).toMatchObject({ device_id: 'house-1', method_sentence: expect.any(String), month: { projected_kwh: expect.any(Number) } });
    expect(device.body.hours).toHaveLength(48);
    expect(device.body.month.low_kwh).toBeLessThanOrEqual(device.body.month.projected_kwh);
    expect(device.body.month.high_kwh).toBeGreaterThanOrEqual(device.body.month.projected_kwh);
    expect((await h.request('GET', '/api/v1/analytics/forecasts/_site', { apiKey: readKey })).body.device_id).toBe('_site');
    const missing = await h.request('GET', '/api/v1/analytics/forecasts/nobody', { apiKey: readKey });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('no forecast for nobody');
  });

  it('serves the past week as forecast a day before and as it happened', async () => {
    const week = await h.request('GET', '/api/v1/analytics/forecasts/house-1/past-week', { apiKey: readKey });
    expect(week.status).toBe(200);
    expect(week.body.actual_kwh).toHaveLength(168);
    expect(week.body.forecast_kwh.filter((v: number | null) => v !== null).length).toBe(168);
    expect(week.body.band_coverage).toBeGreaterThan(0.5);
  });

  it('lists recent findings with their sentences', async () => {
    const findings = await h.request('GET', '/api/v1/analytics/findings?deviceId=house-1', { apiKey: readKey });
    expect(findings.status).toBe(200);
    expect(findings.body.truncated).toBe(false);
    expect(findings.body.findings).toEqual([expect.objectContaining({ kind: 'flat_readings', sentence: expect.stringMatching(/^The same reading/) })]);
  });

  it('refuses bad input with the reason, before asking the service', async () => {
    const bad = await h.request('GET', '/api/v1/analytics/findings?limit=5000', { apiKey: readKey });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('limit');
    expect((await h.request('GET', '/api/v1/analytics/forecasts/Not%20A%20Device', { apiKey: readKey })).status).toBe(400);
    expect((await h.request('GET', '/api/v1/analytics/devices/house-1/consumers?hours=0', { apiKey: readKey })).status).toBe(400);
    const rename = await h.request('PUT', '/api/v1/analytics/devices/house-1/signatures/sig-120w-15m', { apiKey: writeKey, body: { name: '' } });
    expect(rename.status).toBe(400);
    expect(rename.text).toContain('name');
  });

  it('needs a key to read, and write access to name a signature', async () => {
    expect((await h.request('GET', '/api/v1/analytics/forecasts/house-1')).status).toBe(401);
    expect((await h.request('PUT', '/api/v1/analytics/devices/house-1/signatures/sig-120w-15m', { apiKey: readKey, body: { name: 'Fridge' } })).status).toBe(403);
    // With write access the request reaches the service, which has seen no such signature on the live stream.
    const unknown = await h.request('PUT', '/api/v1/analytics/devices/house-1/signatures/sig-120w-15m', { apiKey: writeKey, body: { name: 'Fridge' } });
    expect(unknown.status).toBe(404);
    expect((await h.request('GET', '/api/v1/analytics/devices/house-1/signatures', { apiKey: readKey })).body).toEqual([]);
    expect((await h.request('GET', '/api/v1/analytics/devices/house-1/consumers?hours=24', { apiKey: readKey })).body).toMatchObject({ deviceId: 'house-1', baseLoadW: expect.any(Number) });
  });

  it('documents the routes in its OpenAPI document', async () => {
    const doc = await h.request<{ paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/analytics/forecasts/{deviceId}',
        '/api/v1/analytics/forecasts/{deviceId}/past-week',
        '/api/v1/analytics/findings',
        '/api/v1/analytics/devices/{deviceId}/signatures',
        '/api/v1/analytics/devices/{deviceId}/signatures/{signatureId}',
        '/api/v1/analytics/devices/{deviceId}/consumers',
      ]),
    );
  });

  it('answers 503 naming the analytics service when it does not answer', async () => {
    await analytics.close();
    const res = await h.request('GET', '/api/v1/analytics/forecasts/house-1', { apiKey: readKey });
    expect(res.status).toBe(503);
    expect(res.text).toContain('the analytics service is unavailable');
  }, 20_000);
});
