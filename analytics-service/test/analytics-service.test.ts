import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { BusRequestClient } from '@energy/service-kit';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { ANALYTICS_REQUESTS_FILTER, analyticsPatterns, analyticsTopics, encodeTelemetryBatch, telemetryBatchTopicFor, type AnalyticsReply, type FindingMessage, type FindingsReply, type ForecastMessage, type ForecastVsActual, type Telemetry } from '@energy/contracts';
import { LoadModel } from '@energy/device-simulator';
import { createMysqlTestDatabase, createSqliteTestDatabase, type TestDatabase } from '@energy/db/testing';
import { startAnalyticsService, type RunningAnalyticsService } from '../src/app';
import { loadAnalyticsConfig } from '../src/config/env';
import { minuteOf, MONDAY_MS, syntheticMinutes } from '../src/testing/synthetic-minutes';
import { seedRollups } from './seed-rollups';

const DAYS = 35;

describe.each([
  ['MariaDB', () => createMysqlTestDatabase()],
  ['SQLite', () => createSqliteTestDatabase()],
])('analytics service on %s', (_dialect, createDatabase: () => Promise<TestDatabase>) => {
  let broker: TestBroker;
  let database: TestDatabase;
  let service: RunningAnalyticsService;
  let watcher: MqttClient;
  let config: ReturnType<typeof loadAnalyticsConfig>;
  const received = new Map<string, unknown[]>();
  const nowMs = MONDAY_MS + DAYS * 86_400_000 + 5 * 60_000;

  beforeAll(async () => {
    broker = await startTestBroker();
    database = await createDatabase();
    const minutes = syntheticMinutes(DAYS);
    // The sensor sticks for two hours on the last afternoon.
    const from = minuteOf(DAYS - 1, 13);
    for (const values of [minutes.powerW, minutes.voltageV, minutes.currentA]) values.fill(values[from]!, from, from + 120);
    await seedRollups(database.db, 'house-1', minutes);
    // An observer account reads energy/# as any third party would.
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'watcher', username: 'watcher', password: await broker.provisionObserver('watcher') });
    watcher.on('message', (topic, payload) => received.set(topic, [...(received.get(topic) ?? []), JSON.parse(payload.toString())]));
    await watcher.subscribeAsync(['energy/+/forecast', 'energy/+/finding', 'energy/+/appliance'], { qos: 1 });
    config = loadAnalyticsConfig({
      MQTT_URL: broker.url,
      MQTT_PASSWORD: broker.servicePasswords.analytics,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      SITE_TIMEZONE: 'UTC',
      ...(database.url.startsWith('mysql') ? { DATABASE_URL: database.url } : { SQLITE_PATH: database.url }),
    });
    service = await startAnalyticsService(config, { logger: pino({ level: 'silent' }), clock: { now: () => nowMs }, manualRecompute: true });
    await service.scheduler.runNow();
  });

  afterAll(async () => {
    await service?.close();
    await watcher?.endAsync();
    await broker?.close();
    await database?.drop();
  });

  /** Four hours of the simulator's 1 Hz load (fridge, kettles, heaters) on the ingest's telemetry stream, as the ingest account. */
  const streamAsIngest = async (clientId: string) => {
    const ingest = await mqtt.connectAsync(broker.url, { clientId, username: 'ingest', password: broker.servicePasswords.ingest });
    const model = new LoadModel({ seed: 3, spikeChancePerSecond: 0 });
    // Batches of 50 keep each message well inside the broker's 16 KiB, as the ingest's batches are.
    for (let s = 0; s < 4 * 3600; s += 50) {
      const readings: Telemetry[] = [];
      for (let k = s; k < s + 50; k++) {
        const m = model.sample(nowMs + k * 1000);
        readings.push({ device_id: 'house-1', seq: k, ts: nowMs + k * 1000, ts_source: 'device', voltage_v: m.voltageV, current_a: m.currentA, power_w: m.powerW, power_kind: 'real', apparent_power_va: m.apparentPowerVa, power_factor: m.powerFactor, energy_wh: null });
      }
      await ingest.publishAsync(telemetryBatchTopicFor('house-1'), encodeTelemetryBatch(readings), { qos: 1 });
    }
    await ingest.endAsync();
  };
  const get = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const eventually = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(check()).toBe(true);
  };

  it('forecasts each device and the site from the hour rollups, retained on the bus and over HTTP', async () => {
    await eventually(() => received.has(analyticsTopics.forecast('house-1')) && received.has(analyticsTopics.siteForecast));
    const published = received.get(analyticsTopics.forecast('house-1'))![0] as ForecastMessage;
    expect(published.hours).toHaveLength(48);
    expect(published.days.length).toBeGreaterThan(20); // 5 Feb to the end of the month
    expect(published.hours[0]!.start_ms).toBe(MONDAY_MS + DAYS * 86_400_000);
    const { status, body } = await get('/api/v1/analytics/forecasts/house-1');
    expect(status).toBe(200);
    expect(body).toEqual(published);
    // A house this regular is forecast closely: the evening hours carry its 1.5 kW of activity.
    const evening = (body as ForecastMessage).hours.find((h) => new Date(h.start_ms).getUTCHours() === 19)!;
    expect(evening.kwh).toBeGreaterThan(1.6);
    expect(evening.kwh).toBeLessThan(1.9);
    expect((await get('/api/v1/analytics/forecasts/_site')).body.month.projected_kwh).toBeGreaterThan(0);
    expect((await get('/api/v1/analytics/forecasts/nobody')).status).toBe(404);
  });

  it('publishes the stuck sensor as a finding, with its sentence, and lists it', async () => {
    await eventually(() => received.has(analyticsTopics.finding('house-1')));
    const [finding] = received.get(analyticsTopics.finding('house-1')) as FindingMessage[];
    expect(finding).toMatchObject({ device_id: 'house-1', kind: 'flat_readings', start_ms: MONDAY_MS + minuteOf(DAYS - 1, 13) * 60_000 });
    expect(finding!.sentence).toMatch(/^The same reading .* for 2 h 00 min from Sun 4 Feb 13:00/);
    expect((await get('/api/v1/analytics/findings?deviceId=house-1')).body).toEqual([finding]);
    // Recomputing does not send it again: it has not grown.
    await service.scheduler.runNow();
    expect(received.get(analyticsTopics.finding('house-1'))).toHaveLength(1);
  });

  it('groups the live stream into signatures the user can name, and publishes each appliance run', async () => {
    await streamAsIngest('ingest-analytics-test');
    await eventually(() => (received.get(analyticsTopics.appliance('house-1'))?.length ?? 0) >= 4);
    const signatures = (await get('/api/v1/analytics/devices/house-1/signatures')).body as Array<{ id: string; label: string; sentence: string }>;
    const fridge = signatures.find((s) => s.label === 'fridge-like')!;
    expect(fridge.sentence).toMatch(/^≈1[12]0 W, 15 min every 45 min: fridge-like$/);
    const renamed = await fetch(`${service.url}/api/v1/analytics/devices/house-1/signatures/${fridge.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Garage fridge' }) });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { sentence: string }).sentence).toMatch(/: Garage fridge$/);
    expect((await fetch(`${service.url}/api/v1/analytics/devices/house-1/signatures/sig-nope`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(404);
  });

  it('keeps a signature name across a restart (analytics_signature_names)', async () => {
    const before = (await get('/api/v1/analytics/devices/house-1/signatures')).body as Array<{ id: string; name: string | null }>;
    const named = before.find((s) => s.name === 'Garage fridge')!;
    expect(named).toBeDefined();
    const rows = await database.db.query<{ name: string }>('SELECT name FROM analytics_signature_names WHERE device_id = ? AND signature_id = ?', ['house-1', named.id]);
    expect(rows.map((r) => r.name)).toEqual(['Garage fridge']);
    await service.close();
    service = await startAnalyticsService(config, { logger: pino({ level: 'silent' }), clock: { now: () => nowMs }, manualRecompute: true });
    // The runs were in memory; the name waits for the signature to form again and then carries it.
    await streamAsIngest('ingest-analytics-test-2');
    for (let i = 0; i < 200; i++) {
      const after = (await get('/api/v1/analytics/devices/house-1/signatures')).body as Array<{ id: string; name: string | null }>;
      if (after.some((s) => s.id === named.id)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = (await get('/api/v1/analytics/devices/house-1/signatures')).body as Array<{ id: string; name: string | null }>;
    expect(after.find((s) => s.id === named.id)?.name).toBe('Garage fridge');
  });

  it('answers the gateway\'s requests over the bus, and refuses bad ones with the reason', async () => {
    await service.scheduler.runNow();
    const gateway = new BusRequestClient({ url: broker.url, username: 'gateway', password: broker.servicePasswords.gateway, clientId: 'gateway-rpc-analytics-test', replyFilter: `${ANALYTICS_REQUESTS_FILTER}/reply` });
    try {
      const ask = <T>(pattern: string, payload: unknown) => gateway.request<AnalyticsReply<T>>(pattern, payload, 30_000);
      const forecast = await ask<ForecastMessage>(analyticsPatterns.forecast, { deviceId: 'house-1' });
      expect(forecast).toMatchObject({ ok: true, value: { device_id: 'house-1' } });
      expect(await ask(analyticsPatterns.forecast, { deviceId: 'nobody' })).toMatchObject({ ok: false, code: 'not_found' });
      expect(await ask(analyticsPatterns.forecast, { deviceId: 'Bad Id' })).toMatchObject({ ok: false, code: 'invalid', error: expect.stringContaining('deviceId') });
      const findings = await ask<FindingsReply>(analyticsPatterns.findings, { deviceId: 'house-1' });
      expect(findings.ok && findings.value.findings.map((f) => f.kind)).toEqual(['flat_readings']);
      const week = await ask<ForecastVsActual>(analyticsPatterns.forecastVsActual, { deviceId: 'house-1' });
      expect(week.ok && week.value.actual_kwh).toHaveLength(168);
      expect(week.ok && week.value.mae_kwh).toBeGreaterThan(0);
      expect(await ask(analyticsPatterns.renameSignature, { deviceId: 'house-1', signatureId: 'sig-1w-1m', name: '' })).toMatchObject({ ok: false, code: 'invalid' });
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toMatch(/analytics_requests_refused_total\{pattern="svc\/analytics\/forecasts\/get",code="invalid"[^}]*\} 1/);
    } finally {
      await gateway.close();
    }
  });

  it('serves /health, /metrics and the OpenAPI document', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok', checks: { database: 'ok', bus: 'ok' } } });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/analytics_devices_processed_total\{job="forecast",outcome="ok",service="analytics-service"\} [1-9]/);
    const openApi = (await get('/api/docs-json')).body as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/api/v1/analytics/forecasts/{deviceId}', '/api/v1/analytics/findings', '/api/v1/analytics/devices/{deviceId}/signatures']));
  });
});
