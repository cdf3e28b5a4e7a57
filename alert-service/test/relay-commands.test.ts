import { relayRequestTopic, servicePatterns, type AlertRule, type AlertServiceReply, type RelayCommandRecord } from '@energy/contracts';
import { AlertsStore, IntegrationsRepository } from '@energy/db';
import { SimulatedDevice } from '@energy/device-simulator';
import mqtt from 'mqtt';
import { AlertHarness, sleep, waitFor } from './alert-harness';

const TTL_MS = 3_000;

/**
 * Relay commands that cannot act late (issue 16, item 8) and manual relay control (issue 17), with the
 * real broker, MariaDB and the device simulator as the relay: every command carries `issued_at` and
 * `expires_at`, the simulator refuses an expired one and says so, and the service records how each
 * command ended with the state the relay is really in.
 */
describe('relay commands end to end (real broker, MariaDB, simulator)', () => {
  let h: AlertHarness;
  const devices: SimulatedDevice[] = [];

  async function startDevice(id: string, extra: Partial<ConstructorParameters<typeof SimulatedDevice>[0]> = {}): Promise<SimulatedDevice> {
    const secret = await h.broker.provisionDevice(id, id);
    const device = new SimulatedDevice({ id, secret, url: h.broker.url, intervalMs: 200, spikeChancePerSecond: 0, ...extra });
    devices.push(device);
    await device.start();
    return device;
  }

  async function shedRule(deviceId: string): Promise<AlertRule> {
    const reply = await h.rpc<AlertServiceReply<AlertRule>>(servicePatterns.alertRulesCreate, { name: `${deviceId} cut-off`, deviceId, kind: 'power_above', threshold: 1500, holdSeconds: 0, shedLoad: true });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  }

  const commandsOf = (deviceId: string) =>
    h.query<{ cmd_id: string; state: string; status: string; source: string; requested_by: string | null; reported_state: string | null; attempts: number; expires_ms: number; requested_ms: number }>(
      'SELECT cmd_id, state, status, source, requested_by, reported_state, attempts, expires_ms, requested_ms FROM relay_commands WHERE device_id = ? ORDER BY id',
      [deviceId],
    );
  /** The device's latest alert as every reader sees it: its loadShed is derived from the relay commands sent for it. */
  const alertOf = async (deviceId: string) => {
    const [latest] = await h.query<{ id: number }>('SELECT id FROM alerts WHERE device_id = ? ORDER BY id DESC', [deviceId]);
    return latest ? new AlertsStore(h.t.db).find(Number(latest.id)) : null;
  };

  beforeAll(async () => {
    h = await AlertHarness.start();
    await h.startService({ EVALUATION_TICK_MS: '100', SHED_CONFIRM_TIMEOUT_MS: '1000', SHED_MAX_ATTEMPTS: '3', RELAY_COMMAND_TTL_MS: String(TTL_MS) });
  });

  afterAll(async () => {
    await Promise.all(devices.map((d) => d.stop(false)));
    await h?.close();
  });

  it('sends a load-shed cut with issued_at and expires_at, the simulator obeys, and undoing it from the alert switches the load back on', async () => {
    const heater = await startDevice('heater-1');
    await shedRule('heater-1');
    await h.publishSeries('heater-1', [2_000, 2_000]);

    const command = await waitFor('the cut', () => h.relayCommands.find((c) => c.deviceId === 'heater-1'));
    expect(command.body).toEqual({ state: 'off', cmd_id: expect.stringMatching(/^alert-\d+-off$/), reason: expect.stringContaining('cut-off'), issued_at: expect.any(Number), expires_at: expect.any(Number) });
    expect(command.body.expires_at).toBe((command.body.issued_at as number) + TTL_MS);
    expect(Math.abs((command.body.issued_at as number) - Date.now())).toBeLessThan(10_000);
    await waitFor('the simulator to switch off', () => heater.stats().relay === 'off');
    await waitFor('the confirmed load shed', () => h.events.some((e) => e.device_id === 'heater-1' && e.load_shed === 'confirmed'));

    const alert = (await alertOf('heater-1'))!;
    const restored = await h.rpc<AlertServiceReply<RelayCommandRecord>>(servicePatterns.alertRestoreLoad, { alertId: alert.id, by: 'admin' });
    expect(restored).toEqual({ ok: true, value: expect.objectContaining({ deviceId: 'heater-1', state: 'on', status: 'requested', source: 'alert_restore', requestedBy: 'admin', alertId: alert.id }) });
    await waitFor('the simulator to switch on', () => heater.stats().relay === 'on');
    await waitFor('the restored load shed', () => h.events.some((e) => e.device_id === 'heater-1' && e.load_shed === 'restored'));
    expect((await commandsOf('heater-1')).map((c) => `${c.state}:${c.status}:${c.source}:${c.requested_by}`)).toEqual(['off:restored:load_shed:null', 'on:confirmed:alert_restore:admin']);
    expect((await alertOf('heater-1'))!.loadShed).toBe('restored');

    // Nothing is left to restore.
    const again = await h.rpc<AlertServiceReply<RelayCommandRecord>>(servicePatterns.alertRestoreLoad, { alertId: alert.id, by: 'admin' });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('publishes a raise that sheds load once, already carrying load_shed requested (shedding never republishes it)', async () => {
    await startDevice('heater-4');
    await shedRule('heater-4');
    await h.publishSeries('heater-4', [2_000, 2_000]);

    // The confirmation is handled in the device's queue after the raise, so every event before it is the raise's.
    await waitFor('the confirmed load shed', () => h.events.some((e) => e.device_id === 'heater-4' && e.load_shed === 'confirmed'));
    const events = h.events.filter((e) => e.device_id === 'heater-4');
    const raise = events.slice(0, events.findIndex((e) => e.load_shed === 'confirmed'));
    expect(raise.map((e) => `${e.state}:${e.load_shed ?? 'none'}`)).toEqual(['active:requested']);
  });

  it('records expired, with the relay state the device reports, when the device finds the cut too late; the relay stays on', async () => {
    // The device's clock is a minute ahead: by its clock every command it gets has expired.
    const late = await startDevice('heater-2', { clockOffsetMs: 60_000 });
    await shedRule('heater-2');
    await h.publishSeries('heater-2', [2_000, 2_000]);

    await waitFor('the expired load shed', () => h.events.some((e) => e.device_id === 'heater-2' && e.load_shed === 'expired'), 10_000);
    expect(late.stats().relay).toBe('on');
    expect(late.stats().relayResults).toEqual({ applied: 0, expired: 1, no_clock: 0 });
    const [cut] = await commandsOf('heater-2');
    expect(cut).toMatchObject({ state: 'off', status: 'expired', reported_state: 'on', attempts: 1 });
    expect((await alertOf('heater-2'))!.loadShed).toBe('expired');
    expect(h.log.text()).toMatch(/the device refused the relay command as too late; the relay stays on/);
  });

  it('marks a command no device confirmed failed once it has expired, with the state last reported, and a device back later does not act on it', async () => {
    const away = await startDevice('heater-3');
    await sleep(1_000); // the service gets the device's report `on`
    await away.stop(false);

    const sent = await h.rpc<AlertServiceReply<RelayCommandRecord>>(servicePatterns.relaySet, { deviceId: 'heater-3', state: 'off', by: 'api-key:ops' });
    expect(sent).toMatchObject({ ok: true, value: { state: 'off', source: 'api', requestedBy: 'api-key:ops', status: 'requested' } });
    if (!sent.ok) return;
    expect(sent.value.expiresAt - sent.value.issuedAt).toBe(TTL_MS);

    await waitFor('the failed command', async () => (await commandsOf('heater-3'))[0]?.status === 'failed', 10_000);
    const [failed] = await commandsOf('heater-3');
    expect(failed).toMatchObject({ state: 'off', status: 'failed', reported_state: 'on', source: 'api', requested_by: 'api-key:ops' });
    expect(failed!.attempts).toBeGreaterThanOrEqual(2);
    expect(failed!.attempts).toBeLessThanOrEqual(3);
    expect(h.relayCommands.filter((c) => c.deviceId === 'heater-3').every((c) => c.body.expires_at === sent.value.expiresAt)).toBe(true);
    // The row is written before the line is logged: wait for the line rather than read it at once.
    await waitFor('the expiry logged', () => /the device never confirmed the relay command before it expired; the relay is on/.test(h.log.text()), 5_000);

    // Back after the command expired: nothing switches it off.
    await away.start();
    await sleep(1_000);
    expect(away.stats().relay).toBe('on');
    expect(away.stats().relayResults.applied).toBe(0);
  });

  it('switches a relay on request, through the same path, and a newer request supersedes an unconfirmed one', async () => {
    const lamp = await startDevice('lamp-1');
    const off = await h.rpc<AlertServiceReply<RelayCommandRecord>>(servicePatterns.relaySet, { deviceId: 'lamp-1', state: 'off', by: 'admin' });
    expect(off.ok).toBe(true);
    await waitFor('the lamp off', () => lamp.stats().relay === 'off');
    await waitFor('the confirmation', async () => (await commandsOf('lamp-1'))[0]?.status === 'confirmed');

    const invalid = await h.rpc<AlertServiceReply<RelayCommandRecord>>(servicePatterns.relaySet, { deviceId: 'lamp-1', state: 'toggle', by: 'admin' });
    expect(invalid).toMatchObject({ ok: false, code: 'invalid', error: expect.stringContaining('state') });

    lamp.pausePublishing();
    await lamp.stop(false);
    await h.rpc(servicePatterns.relaySet, { deviceId: 'lamp-1', state: 'on', by: 'admin' });
    await h.rpc(servicePatterns.relaySet, { deviceId: 'lamp-1', state: 'off', by: 'admin' });
    let statuses = '';
    await waitFor('the superseded command', async () => /^confirmed,superseded,(requested|failed)$/.test((statuses = (await commandsOf('lamp-1')).map((c) => c.status).join()))).catch((err: Error) => {
      throw new Error(`${err.message}; statuses: ${statuses}`);
    });
  });

  it("takes a third-party tool's request on svc/relay/{account}/{device}/set through the same path, recorded as mqtt:{account}", async () => {
    const fan = await startDevice('fan-1');
    const secret = await new IntegrationsRepository(h.t.db).upsert('home-assistant', ['fan-1']);
    const ha = await mqtt.connectAsync(h.broker.url, { clientId: 'home-assistant-relay-test', username: 'home-assistant', password: secret, reconnectPeriod: 0 });
    try {
      await ha.publishAsync(relayRequestTopic('home-assistant', 'fan-1'), 'toggle', { qos: 1 }); // not a request: ignored, logged
      await ha.publishAsync(relayRequestTopic('home-assistant', 'fan-1'), 'OFF', { qos: 1 });
      await waitFor('the fan off', () => fan.stats().relay === 'off');
      await waitFor('the confirmation', async () => (await commandsOf('fan-1'))[0]?.status === 'confirmed');
      expect(await commandsOf('fan-1')).toEqual([expect.objectContaining({ state: 'off', status: 'confirmed', source: 'mqtt', requested_by: 'mqtt:home-assistant' })]);
      expect(h.relayCommands.find((c) => c.deviceId === 'fan-1')!.body).toMatchObject({ state: 'off', issued_at: expect.any(Number), expires_at: expect.any(Number) });
      expect(h.log.text()).toMatch(/ignored: not a relay request/);

      await ha.publishAsync(relayRequestTopic('home-assistant', 'fan-1'), '{"state":"on"}', { qos: 1 });
      await waitFor('the fan on', () => fan.stats().relay === 'on');
    } finally {
      await ha.endAsync(true);
    }
  });
});
