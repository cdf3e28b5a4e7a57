import { encodeTelemetryBatch, telemetryBatchTopicFor, type Telemetry } from '@energy/contracts';
import { startAlertService, type RunningAlertService } from '@energy/alert-service/app';
import { loadAlertConfig } from '@energy/alert-service/config';
import { createLogger } from '@energy/service-kit';
import mqtt, { type MqttClient } from 'mqtt';
import { INJECTIONS, startGatewayHarness, waitFor, type GatewayHarness } from '@energy/api-gateway/testing';

const PHONE = '+4915112345678';
const telemetry = (deviceId: string, powerW: number): Telemetry => ({
  device_id: deviceId,
  seq: null,
  ts: Date.now(),
  ts_source: 'device',
  voltage_v: 230,
  current_a: powerW / 230,
  power_w: powerW,
  power_kind: 'real',
  apparent_power_va: powerW,
  power_factor: 1,
  energy_wh: null,
});

describe('alerts and rules (through the real alert service)', () => {
  let h: GatewayHarness;
  let alertService: RunningAlertService;
  let ingestBus: MqttClient;
  let readKey: string;
  let ruleId: number;
  const as = (method: string, path: string, body?: unknown) => h.request(method, path, { token: h.adminToken, body });

  beforeAll(async () => {
    h = await startGatewayHarness();
    alertService = await startAlertService(
      loadAlertConfig({
        MQTT_URL: h.broker.url,
        MQTT_PASSWORD: h.broker.servicePasswords.alert,
        MQTT_CLIENT_ID: `alert-gw-test-${process.pid}`,
        DATABASE_URL: h.db.url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        NOTIFY_MIN_INTERVAL_MS: '0',
      }),
      { logger: createLogger('alert-service', 'silent') },
    );
    ingestBus = await mqtt.connectAsync(h.broker.url, { clientId: 'ingest-alerts-test', username: 'ingest', password: h.broker.servicePasswords.ingest, reconnectPeriod: 0 });
    readKey = (await as('POST', '/api/v1/api-keys', { name: 'r', access: 'read' })).body.key;
  });
  afterAll(async () => {
    await ingestBus.endAsync(true);
    await alertService.close().catch(() => undefined);
    await h.close();
  });

  it('lists the rules from the database and deletes one through the alert service', async () => {
    const rules = await as('GET', '/api/v1/rules');
    expect(rules.status).toBe(200);
    expect(rules.body).toEqual([expect.objectContaining({ id: expect.any(Number), kind: 'power_above', threshold: 500, deviceId: null })]);
    expect((await as('DELETE', `/api/v1/rules/${rules.body[0].id}`)).status).toBe(204);
    expect((await as('GET', `/api/v1/rules/${rules.body[0].id}`)).status).toBe(404);
    expect((await as('DELETE', `/api/v1/rules/${rules.body[0].id}`)).status).toBe(404);
  });

  it('creates a validated rule, shows recipients only to writers, and replaces it', async () => {
    const created = await as('POST', '/api/v1/rules', { name: 'Kettle', deviceId: 'kitchen-1', kind: 'power_above', threshold: 2000, holdSeconds: 0, recipients: [PHONE] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), name: 'Kettle', deviceId: 'kitchen-1', kind: 'power_above', threshold: 2000, clearThreshold: null, holdSeconds: 0, repeatMinutes: 0, severity: 'warning', recipients: [PHONE], shedLoad: false, enabled: true });
    ruleId = created.body.id;
    expect((await as('GET', '/api/v1/rules')).body[0].recipients).toEqual([PHONE]);
    expect((await h.request('GET', '/api/v1/rules', { apiKey: readKey })).body[0].recipients).toEqual(['+49•••••••••78']);
    expect((await h.request('POST', '/api/v1/rules', { apiKey: readKey, body: { name: 'x', kind: 'offline', threshold: 60 } })).status).toBe(403);

    const replaced = await as('PUT', `/api/v1/rules/${ruleId}`, { name: 'Kettle', deviceId: 'kitchen-1', kind: 'power_above', threshold: 2500, holdSeconds: 0, recipients: [PHONE] });
    expect(replaced).toMatchObject({ status: 200, body: { id: ruleId, threshold: 2500 } });
    expect((await as('GET', `/api/v1/rules/${ruleId}`)).body.threshold).toBe(2500);
    expect((await as('PUT', '/api/v1/rules/999999', { name: 'x', kind: 'offline', threshold: 60 })).status).toBe(404);
  });

  it('refuses invalid rules with a 400 naming the field, and injection in every field', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'v', kind: 'voltage_outside', threshold: 250 }, 'thresholdLow: thresholdLow is required for voltage_outside'],
      [{ name: 'x', kind: 'power_sideways', threshold: 1 }, 'kind:'],
      [{ name: 'x', kind: 'power_above', threshold: 1, recipients: ['12345'] }, 'recipients.0: recipients must be phone numbers in international format'],
      [{ name: { name: 1 }, kind: 'power_above', threshold: 1 }, 'name:'],
      [{ id: { id: 1 }, name: 'x', kind: 'power_above', threshold: 1 }, 'unknown parameter id'],
      [{ name: 'x', kind: 'power_above', threshold: '1 OR 1=1' }, 'threshold: threshold must be a number'],
    ];
    for (const [body, message] of cases) {
      const res = await as('POST', '/api/v1/rules', body);
      expect({ body, status: res.status, message: res.body.message }).toEqual({ body, status: 400, message: expect.stringContaining(message) });
    }
    for (const evil of INJECTIONS) {
      const rule = await as('POST', '/api/v1/rules', { name: 'x', deviceId: evil, kind: 'power_above', threshold: 1 });
      if (rule.status === 201) {
        // a string that happens to be a well-formed device id (0x31) is just a device id
        expect(rule.body.deviceId).toBe(evil);
        await as('DELETE', `/api/v1/rules/${rule.body.id}`);
      } else expect(rule.status).toBe(400);
      expect((await as('GET', `/api/v1/rules/${encodeURIComponent(evil)}`)).status).toBe(400);
      const byDevice = await as('GET', `/api/v1/alerts?device=${encodeURIComponent(evil)}`);
      if (byDevice.status === 200) expect(byDevice.body).toEqual([]);
      else expect(byDevice.status).toBe(400);
      expect((await as('GET', `/api/v1/alerts?state=${encodeURIComponent(evil)}`)).status).toBe(400);
      expect((await as('GET', `/api/v1/alerts?limit=${encodeURIComponent(evil)}`)).status).toBe(400);
      expect((await as('POST', `/api/v1/alerts/${encodeURIComponent(evil)}/acknowledge`)).status).toBe(400);
    }
    // text fields are data: a name full of SQL is stored verbatim
    const named = await as('POST', '/api/v1/rules', { name: INJECTIONS[1], kind: 'offline', threshold: 60, enabled: false });
    expect(named.status).toBe(201);
    expect((await as('GET', `/api/v1/rules/${named.body.id}`)).body.name).toBe(INJECTIONS[1]);
    await as('DELETE', `/api/v1/rules/${named.body.id}`);
  });

  it('lists the alert a reading raised, with its deliveries, and acknowledges it', async () => {
    // as the ingest sends readings to the alert service: a batch on its internal stream
    await ingestBus.publishAsync(telemetryBatchTopicFor('kitchen-1'), encodeTelemetryBatch([telemetry('kitchen-1', 3000)]), { qos: 1 });
    const alert = await (async () => {
      let found: any;
      await waitFor(async () => {
        found = (await as('GET', '/api/v1/alerts?device=kitchen-1&state=active')).body[0];
        return found?.deliveries?.length > 0;
      }, 10_000, 'the alert and its delivery');
      return found;
    })();
    expect(alert).toMatchObject({ id: expect.any(Number), deviceId: 'kitchen-1', ruleId, kind: 'power_above', severity: 'warning', state: 'active', value: 3000, threshold: 2500, acknowledgedAt: null, clearedAt: null, loadShed: null });
    expect(alert.deliveries[0]).toMatchObject({ channel: expect.any(String), recipient: '+49•••••••••78', status: expect.any(String), attempts: expect.any(Number), at: expect.any(Number) });
    expect(JSON.stringify(alert)).not.toContain(PHONE);

    expect((await as('GET', '/api/v1/alerts?state=cleared')).body).toEqual([]);
    expect((await as('GET', '/api/v1/alerts?device=garage-2')).body).toEqual([]);
    expect((await as('GET', `/api/v1/alerts?from=${alert.raisedAt + 1}`)).body).toEqual([]);
    expect((await as('GET', '/api/v1/alerts?limit=0')).body.message).toBe('limit: must be between 1 and 1000');
    expect((await as('GET', '/api/v1/alerts?from=2000&to=1000')).status).toBe(400);

    expect((await h.request('POST', `/api/v1/alerts/${alert.id}/acknowledge`, { apiKey: readKey })).status).toBe(403);
    const acked = await as('POST', `/api/v1/alerts/${alert.id}/acknowledge`);
    expect(acked).toMatchObject({ status: 200, body: { id: alert.id, state: 'acknowledged', acknowledgedAt: expect.any(Number), deliveries: expect.any(Array) } });
    expect((await as('GET', '/api/v1/alerts?state=acknowledged')).body.map((a: { id: number }) => a.id)).toEqual([alert.id]);
    expect((await as('POST', '/api/v1/alerts/999999/acknowledge')).status).toBe(404);
  });

  it('answers 503 when the alert service does not answer', async () => {
    await alertService.close();
    const started = Date.now();
    const res = await as('POST', '/api/v1/rules', { name: 'late', kind: 'offline', threshold: 60 });
    expect(res.status).toBe(503);
    expect(res.body.message).toBe('the alert service is unavailable: no answer within 5 s');
    expect(Date.now() - started).toBeLessThan(7_000);
  });
});
