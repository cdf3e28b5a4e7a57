import { servicePatterns, type AlertRule, type AlertServiceReply } from '@energy/contracts';
import { AlertsStore } from '@energy/db';
import { SimulatedDevice } from '@energy/device-simulator';
import { loadIngestConfig } from '@energy/ingest-service/config';
import { startIngest, type IngestHandle } from '@energy/ingest-service/app';
import { createLogger } from '@energy/service-kit';
import { AlertHarness, sleep, waitFor } from '@energy/alert-service/testing';

/**
 * The whole path with nothing faked but CallMeBot: simulated meters -> broker -> ingest -> telemetry ->
 * alert service -> relay command -> the simulated meter's relay -> its report -> the alert.
 */
describe('devices end to end (simulator, ingest, real broker, MariaDB)', () => {
  let h: AlertHarness;
  let ingest: IngestHandle;
  const devices: SimulatedDevice[] = [];
  const messagesFor = (deviceId: string) => h.callMeBot.requests.filter((r) => r.text?.includes(`(${deviceId})`));

  async function startDevice(id: string, name: string): Promise<SimulatedDevice> {
    const secret = await h.broker.provisionDevice(id, name);
    const device = new SimulatedDevice({ id, secret, url: h.broker.url, intervalMs: 200, withClock: true, qos: 1, spikeChancePerSecond: 0 });
    devices.push(device);
    return device;
  }

  async function createRule(rule: Record<string, unknown>): Promise<AlertRule> {
    const reply = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, rule);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  }

  beforeAll(async () => {
    h = await AlertHarness.start();
    const config = loadIngestConfig({
      MQTT_URL: h.broker.url,
      MQTT_PASSWORD: h.broker.servicePasswords.ingest,
      MQTT_CLIENT_ID: `ingest-alert-e2e-${process.pid}`,
      DATABASE_URL: h.t.url,
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    ingest = await startIngest(config, { logger: createLogger('ingest', 'silent') });
    await h.startService({ EVALUATION_TICK_MS: '200', SHED_CONFIRM_TIMEOUT_MS: '3000' });
  });

  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop(false)));
    await h?.stopService();
    await ingest?.close();
    await h?.close();
  });

  it('fires the offline rule when the simulator stops a device, and clears when it is back', async () => {
    await createRule({ name: 'Fridge offline', deviceId: 'fridge-1', kind: 'offline', threshold: 2, holdSeconds: 0 });
    const fridge = await startDevice('fridge-1', 'Fridge');
    await fridge.start();
    await sleep(1_000);
    expect(messagesFor('fridge-1')).toHaveLength(0);

    await fridge.stop(false); // a power cut: the broker publishes the device's will, `offline`
    await waitFor('the offline message', () => messagesFor('fridge-1').length === 1, 5_000);
    expect(messagesFor('fridge-1')[0]!.text!.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^⚠️ Device Offline! No reading for \d+ s\.$/), 'Device: Fridge (fridge-1)']);

    await fridge.start();
    await waitFor('the back-online message', () => messagesFor('fridge-1').length === 2, 5_000);
    expect(messagesFor('fridge-1')[1]!.text!.split('\n')[0]).toBe('✅ Device back online.');

    // Connected but silent: no reading for the rule's 2 s is offline too.
    fridge.pausePublishing();
    await waitFor('the silence message', () => messagesFor('fridge-1').length === 3, 6_000);
    expect(messagesFor('fridge-1')[2]!.text).toMatch(/^⚠️ Device Offline! No reading for [23] s\./);
  });

  it('sheds the load: publishes the relay-off command, the simulator obeys, the alert shows it confirmed', async () => {
    const rule = await createRule({ name: 'Heater cut-off', deviceId: 'heater-1', kind: 'power_above', threshold: 1500, holdSeconds: 1, shedLoad: true, shedWindowSeconds: 2 });
    const heater = await startDevice('heater-1', 'Heater');
    heater.loadModel.forceExtraLoad(2000);
    await heater.start();

    const command = await waitFor('the relay command', () => h.relayCommands.find((c) => c.deviceId === 'heater-1'), 8_000);
    expect(command.body).toEqual({ state: 'off', cmd_id: expect.stringMatching(/^alert-\d+-off$/), reason: expect.stringContaining('Heater cut-off'), issued_at: expect.any(Number), expires_at: expect.any(Number) });
    await waitFor('the simulator to switch off', () => heater.stats().relay === 'off', 3_000);
    await waitFor('the confirmed load shed', () => h.events.some((e) => e.device_id === 'heater-1' && e.load_shed === 'confirmed'), 5_000);

    const [first] = await h.query<{ id: number }>('SELECT id FROM alerts WHERE device_id = ? ORDER BY id', ['heater-1']);
    const alert = await new AlertsStore(h.t.db).find(Number(first!.id)); // loadShed derived from the relay commands
    expect(alert!.loadShed).toBe('confirmed');
    const [cmd] = await h.query<{ cmd_id: string; state: string; alert_id: number; confirmed_ms: number | null }>(
      'SELECT cmd_id, state, alert_id, confirmed_ms FROM relay_commands WHERE device_id = ? ORDER BY id',
      ['heater-1'],
    );
    expect(cmd).toMatchObject({ cmd_id: command.body.cmd_id, state: 'off', alert_id: alert!.id, confirmed_ms: expect.any(Number) });
    const raised = messagesFor('heater-1')[0]!.text!;
    expect(raised).toContain('Load is consuming');
    expect(raised).toContain('The load is being switched off.');

    // With the relay off the load reads 0 W, so the alert clears with one message.
    await waitFor('the clear message', () => messagesFor('heater-1').some((m) => m.text!.startsWith('✅ Power alert cleared. Load is now 0W (limit 1500W).')), 5_000);

    // After the 2 s window the relay is switched back on (MaxPowerWindow); the heater is still on, so it is cut again.
    await waitFor('the re-enable command', () => h.relayCommands.some((c) => c.deviceId === 'heater-1' && c.body.state === 'on'), 6_000);
    await waitFor('a second cut', () => h.relayCommands.filter((c) => c.deviceId === 'heater-1' && c.body.state === 'off').length === 2, 8_000);
    const states = (await h.query<{ state: string; status: string }>('SELECT state, status FROM relay_commands WHERE device_id = ? ORDER BY id', ['heater-1'])).map((r) => `${r.state}:${r.status}`);
    expect(states.slice(0, 2)).toEqual(['off:restored', 'on:confirmed']);
    expect(states[2]).toMatch(/^off:(requested|confirmed)$/);
    expect(rule.shedLoad).toBe(true);
  });
});
