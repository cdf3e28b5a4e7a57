import { encodeTelemetryBatch, telemetryBatchTopicFor, type RelayCommandRecord, type Telemetry } from '@energy/contracts';
import { startAlertService, type RunningAlertService } from '@energy/alert-service/app';
import { loadAlertConfig } from '@energy/alert-service/config';
import { SimulatedDevice } from '@energy/device-simulator';
import { createLogger } from '@energy/service-kit';
import mqtt, { type MqttClient } from 'mqtt';
import { startGatewayHarness, waitFor, type GatewayHarness } from '@energy/api-gateway/testing';

const TTL_MS = 4_000;
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

/**
 * Manual relay control (issue 17) through the gateway, the real alert service, the real broker and
 * the device simulator as the relay: the same confirmation, expiry and audit as load shedding.
 */
describe('POST /api/v1/devices/{id}/relay and an alert restore-load (gateway, alert service, broker, simulator)', () => {
  let h: GatewayHarness;
  let alertService: RunningAlertService;
  let ingestBus: MqttClient;
  let writeKey: string;
  let readKey: string;
  const devices: SimulatedDevice[] = [];
  const as = (method: string, path: string, body?: unknown) => h.request(method, path, { token: h.adminToken, body });

  async function startDevice(id: string, extra: Partial<ConstructorParameters<typeof SimulatedDevice>[0]> = {}): Promise<SimulatedDevice> {
    const provisioned = await as('POST', '/api/v1/devices', { id, name: id });
    expect(provisioned.status).toBe(201);
    const device = new SimulatedDevice({ id, secret: provisioned.body.secret, url: h.broker.url, intervalMs: 500, spikeChancePerSecond: 0, ...extra });
    devices.push(device);
    await device.start();
    // The gateway has the device's first report (`on`) before the test switches it.
    await waitFor(async () => (await as('GET', `/api/v1/devices/${id}/relay`)).body.state === 'on', 10_000, `${id}'s first relay report`);
    return device;
  }

  const relayOf = async (id: string) => (await as('GET', `/api/v1/devices/${id}/relay`)).body as { state: string | null; commands: RelayCommandRecord[] };

  beforeAll(async () => {
    h = await startGatewayHarness();
    alertService = await startAlertService(
      loadAlertConfig({
        MQTT_URL: h.broker.url,
        MQTT_PASSWORD: h.broker.servicePasswords.alert,
        MQTT_CLIENT_ID: `alert-relay-test-${process.pid}`,
        DATABASE_URL: h.db.url,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        EVALUATION_TICK_MS: '100',
        SHED_CONFIRM_TIMEOUT_MS: '1000',
        RELAY_COMMAND_TTL_MS: String(TTL_MS),
      }),
      { logger: createLogger('alert-service', 'silent') },
    );
    ingestBus = await mqtt.connectAsync(h.broker.url, { clientId: 'ingest-relay-test', username: 'ingest', password: h.broker.servicePasswords.ingest, reconnectPeriod: 0 });
    writeKey = (await as('POST', '/api/v1/api-keys', { name: 'ops', access: 'write' })).body.key;
    readKey = (await as('POST', '/api/v1/api-keys', { name: 'wall', access: 'read' })).body.key;
  });
  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop(false)));
    await ingestBus?.endAsync(true);
    await alertService?.close().catch(() => undefined);
    await h?.close();
  });

  it('switches the relay with a write key: 202 with the command, the simulator obeys, GET shows it confirmed and who asked', async () => {
    const lamp = await startDevice('lamp-1');
    const res = await h.request('POST', '/api/v1/devices/lamp-1/relay', { apiKey: writeKey, body: { state: 'off' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ deviceId: 'lamp-1', state: 'off', status: 'requested', source: 'api', requestedBy: 'api key ops (write)', alertId: null });
    expect(res.body.expiresAt - res.body.issuedAt).toBe(TTL_MS);

    await waitFor(() => lamp.stats().relay === 'off', 10_000, 'the simulator to switch off');
    await waitFor(async () => (await relayOf('lamp-1')).commands[0]?.status === 'confirmed', 10_000, 'the confirmation');
    const view = await h.request('GET', '/api/v1/devices/lamp-1/relay', { apiKey: readKey });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ deviceId: 'lamp-1', state: 'off', commands: [{ cmdId: res.body.cmdId, state: 'off', status: 'confirmed', confirmedAt: expect.any(Number) }] });
    expect((await as('GET', '/api/v1/devices/lamp-1')).body.relay).toBe('off');

    const on = await as('POST', '/api/v1/devices/lamp-1/relay', { state: 'on' });
    expect(on).toMatchObject({ status: 202, body: { state: 'on', requestedBy: 'user admin' } });
    await waitFor(() => lamp.stats().relay === 'on', 10_000, 'the simulator to switch on');
  });

  it('refuses readers, bad states and unknown devices, each with its reason', async () => {
    expect((await h.request('POST', '/api/v1/devices/lamp-1/relay', { apiKey: readKey, body: { state: 'off' } })).status).toBe(403);
    expect((await h.request('POST', '/api/v1/devices/lamp-1/relay', { body: { state: 'off' } })).status).toBe(401);
    const bad = await as('POST', '/api/v1/devices/lamp-1/relay', { state: 'toggle' });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringContaining('state') } });
    expect((await as('POST', '/api/v1/devices/lamp-1/relay', { state: 'on', at: 1 })).status).toBe(400);
    expect((await as('POST', '/api/v1/devices/nowhere-9/relay', { state: 'on' })).status).toBe(404);
    expect((await as('GET', '/api/v1/devices/nowhere-9/relay')).status).toBe(404);
    expect((await as('POST', '/api/v1/devices/Not%20an%20id/relay', { state: 'on' })).status).toBe(400);
  });

  it('reports expired, with the state the relay is really in, when the device finds the command too late', async () => {
    const skewed = await startDevice('lamp-2', { clockOffsetMs: 120_000 });
    expect((await as('POST', '/api/v1/devices/lamp-2/relay', { state: 'off' })).status).toBe(202);
    await waitFor(async () => (await relayOf('lamp-2')).commands[0]?.status === 'expired', 10_000, 'the expired command');
    expect((await relayOf('lamp-2')).commands[0]).toMatchObject({ state: 'off', status: 'expired', reportedState: 'on' });
    expect(skewed.stats().relay).toBe('on');
  });

  it("undoes an alert's load shedding from the alert: the cut relay goes back on and the alert says restored", async () => {
    const heater = await startDevice('heater-1');
    const rule = await as('POST', '/api/v1/rules', { name: 'Heater cut-off', deviceId: 'heater-1', kind: 'power_above', threshold: 1500, holdSeconds: 0, shedLoad: true });
    expect(rule.status).toBe(201);
    await ingestBus.publishAsync(telemetryBatchTopicFor('heater-1'), encodeTelemetryBatch([telemetry('heater-1', 2500)]), { qos: 1 });
    await waitFor(() => heater.stats().relay === 'off', 10_000, 'the load shed');
    let alertId = 0;
    await waitFor(
      async () => {
        const alert = (await as('GET', '/api/v1/alerts?device=heater-1')).body[0];
        alertId = alert?.id ?? 0;
        return alert?.loadShed === 'confirmed';
      },
      10_000,
      'the confirmed load shed',
    );

    const undo = await h.request('POST', `/api/v1/alerts/${alertId}/restore-load`, { apiKey: writeKey });
    expect(undo).toMatchObject({ status: 202, body: { deviceId: 'heater-1', state: 'on', source: 'alert_restore', alertId, requestedBy: 'api key ops (write)' } });
    await waitFor(() => heater.stats().relay === 'on', 10_000, 'the load back on');
    await waitFor(async () => (await as('GET', `/api/v1/alerts/${alertId}`)).body.loadShed === 'restored', 10_000, 'the alert restored');
    expect((await relayOf('heater-1')).commands.map((c) => `${c.state}:${c.status}:${c.source}`)).toEqual(['on:confirmed:alert_restore', 'off:restored:load_shed']);

    expect((await as('POST', `/api/v1/alerts/${alertId}/restore-load`)).status).toBe(409);
    expect((await h.request('POST', `/api/v1/alerts/${alertId}/restore-load`, { apiKey: readKey })).status).toBe(403);
    expect((await as('POST', '/api/v1/alerts/999999/restore-load')).status).toBe(404);
  });
});
