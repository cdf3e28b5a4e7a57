import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { haTopics, topics } from '@energy/contracts';
import { ObserversRepository, openDatabase } from '@energy/db';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { SimulatedDevice } from '@energy/device-simulator';
import { Stack } from '@energy/stack';
import mqtt, { type MqttClient } from 'mqtt';

/**
 * Issue 17: a fake Home Assistant (mqtt.js, as HA's own client would) against the real stack — broker,
 * ingest, alert service and gateway as processes, MariaDB, simulated meters. It reads every discovery
 * config and checks it against HA's rules, drives the relay switch and sees the meter's relay change,
 * and watches the energy entity through a power cut that resets the meter's own counter.
 */
jest.setTimeout(240_000);

const PREFIX = 'homeassistant';
const KITCHEN = 'ha-kitchen';
const GARAGE = 'ha-garage';

/** HA's units per sensor device class (sensor entity docs); power factor may also be unitless. */
const UNITS: Record<string, Array<string | undefined>> = {
  power: ['W', 'kW'],
  voltage: ['V', 'mV'],
  current: ['A', 'mA'],
  power_factor: ['%', undefined],
  energy: ['Wh', 'kWh', 'MWh'],
  enum: [undefined],
};

type Config = Record<string, unknown> & { dev: { ids: string[]; name: string; mdl: string }; o: { name: string; sw: string } };

async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Home Assistant discovery against the real stack (issue 17)', () => {
  let database: TestDatabase;
  let stack: Stack;
  let secrets: Record<string, string>;
  let adminToken: string;
  let integrationSecret: string;
  const devices: SimulatedDevice[] = [];
  const clients: MqttClient[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.urls.gateway}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  /** Home Assistant as it connects: its will on the birth topic, then `online`. */
  const connectHomeAssistant = async (clientId: string) => {
    const client = await mqtt.connectAsync(stack.urls.mqtt, {
      clientId,
      username: 'homeassistant',
      password: integrationSecret,
      reconnectPeriod: 0,
      will: { topic: haTopics.birth(PREFIX), payload: Buffer.from('offline'), qos: 0, retain: false },
    });
    clients.push(client);
    return client;
  };

  const startMeter = async (id: string) => {
    const device = new SimulatedDevice({ id, secret: secrets[id], url: stack.urls.mqtt, intervalMs: 250, withClock: true, ackTimeoutMs: 2_000 });
    await device.start();
    devices.push(device);
    return device;
  };

  beforeAll(async () => {
    database = await createMysqlTestDatabase();
    await database.db.close();
    stack = await Stack.start({
      database: { databaseUrl: database.url, sqlitePath: '' },
      services: ['broker', 'ingest', 'alert', 'gateway'],
      env: { gateway: { HA_DISCOVERY: 'true', HA_SYNC_MS: '500', HA_STATE_INTERVAL_MS: '300' }, broker: { REVOCATION_CHECK_MS: '500' } },
    });
    secrets = await stack.provision([KITCHEN, GARAGE], join(__dirname, '..', '..', '.data', `ha-test-devices-${process.pid}.json`));
    const login = await fetch(`${stack.urls.gateway}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: stack.adminPassword }),
    });
    adminToken = ((await login.json()) as { token: string }).token;
    // As the dashboard does: an integration account for Home Assistant that may switch the kitchen only.
    const created = await api('POST', '/api/v1/integrations', { username: 'homeassistant', devices: [KITCHEN] });
    expect(created.status).toBe(201);
    integrationSecret = created.body!.secret as string;
    expect(created.body!.mqtt).toMatchObject({ username: 'homeassistant', discoveryPrefix: PREFIX, topicPrefix: 'energy/', relayTopic: 'svc/relay/homeassistant/{deviceId}/set' });
    await startMeter(KITCHEN);
    await startMeter(GARAGE);
  });

  afterAll(async () => {
    for (const client of clients) await client.endAsync(true).catch(() => undefined);
    for (const device of devices) await device.stop().catch(() => undefined);
    await stack?.stop();
    await database?.drop();
  });

  it('publishes a config for every entity of every meter that follows HA’s rules, then drives the relay switch through the alert service', async () => {
    const ha = await connectHomeAssistant('ha-checker');
    const configs = new Map<string, Config>();
    const retained = new Map<string, string>();
    ha.on('message', (topic, payload) => {
      if (topic.startsWith(`${PREFIX}/`) && topic.endsWith('/config') && payload.length > 0) configs.set(topic, JSON.parse(payload.toString()) as Config);
      else retained.set(topic, payload.toString());
    });
    await ha.subscribeAsync([haTopics.everything(PREFIX), 'energy/+/state', 'energy/+/status', 'energy/+/relay']);
    await ha.publishAsync(haTopics.birth(PREFIX), 'online');
    await until('16 configs', () => configs.size >= 16);

    const uniqueIds = new Set<string>();
    for (const [topic, config] of configs) {
      const [, component, node, key] = topic.split('/');
      const deviceId = node!.replace(/^sem_/, '');
      const where = `${topic}`;
      expect({ where, bytes: Buffer.byteLength(JSON.stringify(config)) < 1024 }).toEqual({ where, bytes: true });
      // Required everywhere: a unique id, a name, a device block and an origin block.
      expect({ where, uniq: typeof config.uniq_id, name: typeof config.name, ids: config.dev.ids, devName: typeof config.dev.name, model: typeof config.dev.mdl, origin: config.o.name }).toEqual({
        where,
        uniq: 'string',
        name: 'string',
        ids: [`sem_${deviceId}`],
        devName: 'string',
        model: 'string',
        origin: 'Smart Energy Monitor',
      });
      uniqueIds.add(config.uniq_id as string);
      expect(typeof config.stat_t).toBe('string');
      if (component === 'sensor') {
        const deviceClass = config.dev_cla as string;
        expect({ where, unitOk: UNITS[deviceClass]?.includes(config.unit_of_meas as string | undefined) }).toEqual({ where, unitOk: true });
        if (deviceClass === 'energy') expect({ where, stateClass: config.stat_cla, stateTopic: config.stat_t }).toEqual({ where, stateClass: 'total_increasing', stateTopic: topics.state(deviceId) });
        else if (deviceClass !== 'enum') expect(config.stat_cla).toBe('measurement');
      }
      if (component === 'switch') expect({ where, cmd: config.cmd_t, on: config.pl_on, off: config.pl_off }).toEqual({ where, cmd: `svc/relay/homeassistant/${deviceId}/set`, on: 'on', off: 'off' });
      if (key === 'connectivity') {
        expect(config).toMatchObject({ dev_cla: 'connectivity', stat_t: topics.status(deviceId), pl_on: 'online', pl_off: 'offline' });
      } else {
        // Availability from the meter's own retained status (its will says offline).
        expect({ where, avty: config.avty_t, on: config.pl_avail, off: config.pl_not_avail }).toEqual({ where, avty: topics.status(deviceId), on: 'online', off: 'offline' });
      }
    }
    expect(uniqueIds.size).toBe(configs.size);

    // What the value templates read is there: every field a sensor names is in the device's state.
    const state = await until('the kitchen state with a reading', () => {
      const text = retained.get(topics.state(KITCHEN));
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      return parsed && parsed.power_w !== null ? parsed : null;
    });
    for (const [topic, config] of configs) {
      const field = /value_json\.(\w+)/.exec((config.val_tpl as string | undefined) ?? '')?.[1];
      if (field && config.stat_t === topics.state(KITCHEN)) expect({ topic, present: field in state }).toEqual({ topic, present: true });
    }
    // What availability reads: the meter's retained status, `online` while it is connected.
    await until('the kitchen status online', () => retained.get(topics.status(KITCHEN)) === 'online');

    // The switch: HA publishes pl_off on cmd_t; the meter's relay goes off and its report (stat_t) says so.
    const relay = configs.get(haTopics.config(PREFIX, 'switch', KITCHEN, 'relay'))!;
    const kitchen = devices.find((d) => d.id === KITCHEN)!;
    const reportedState = () => JSON.parse(retained.get(relay.stat_t as string) ?? '{}').state as string | undefined;
    await ha.publishAsync(relay.cmd_t as string, relay.pl_off as string, { qos: 1 });
    await until('the kitchen relay off', () => kitchen.stats().relay === 'off' && reportedState() === relay.stat_off);
    await ha.publishAsync(relay.cmd_t as string, relay.pl_on as string, { qos: 1 });
    await until('the kitchen relay on again', () => kitchen.stats().relay === 'on' && reportedState() === relay.stat_on);

    // The account may not switch the garage: the broker refuses (and closes that connection); the garage relay stays on.
    const intruder = await connectHomeAssistant('ha-intruder');
    const closed = new Promise<void>((resolve) => intruder.once('close', () => resolve()));
    intruder.publish(`svc/relay/homeassistant/${GARAGE}/set`, 'off', { qos: 1 });
    await closed;
    expect(devices.find((d) => d.id === GARAGE)!.stats().relay).toBe('on');
  });

  it('publishes every config again on HA’s birth message, and clears a revoked meter’s configs and retained state with empty retained payloads', async () => {
    const ha = await connectHomeAssistant('ha-birth');
    const afterBirth: string[] = [];
    const cleared = new Set<string>();
    let birthSent = false;
    ha.on('message', (topic, payload, packet) => {
      if (!topic.endsWith('/config')) return;
      if (payload.length === 0) cleared.add(topic);
      else if (birthSent && !packet.retain) afterBirth.push(topic);
    });
    await ha.subscribeAsync(haTopics.allConfigs(PREFIX));
    // Past the previous birth's re-publish gap (5 s), so this one counts.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    birthSent = true;
    await ha.publishAsync(haTopics.birth(PREFIX), 'online');
    await until('16 configs published after the birth', () => new Set(afterBirth).size >= 16);

    const revoked = await api('POST', `/api/v1/devices/${GARAGE}/revoke`);
    expect(revoked.status).toBe(200);
    await until('the garage configs cleared', () => cleared.size >= 8);
    expect([...cleared].every((topic) => topic.split('/')[2] === `sem_${GARAGE}`)).toBe(true);
    // Its retained state goes too: a new subscriber sees only the kitchen's.
    const late = await connectHomeAssistant('ha-late');
    const states = new Set<string>();
    late.on('message', (topic, payload) => payload.length > 0 && states.add(topic));
    await late.subscribeAsync('energy/+/state');
    await until('the kitchen state', () => states.has(topics.state(KITCHEN)));
    expect(states.has(topics.state(GARAGE))).toBe(false);
  });

  it('serves the state topic to a plain observer with the mosquitto_sub command docs/integrations.md gives', async () => {
    const db = openDatabase({ databaseUrl: database.url, sqlitePath: '' });
    const secret = await new ObserversRepository(db).upsert('reader').finally(() => db.close());
    const { hostname: host, port } = new URL(stack.urls.mqtt);
    // As in the guide, with -C 1 -W 10 so it ends after the first (retained) message.
    const { stdout } = await promisify(execFile)('mosquitto_sub', ['-h', host, '-p', port, '-u', 'reader', '-P', secret, '-i', 'reader-1', '-v', '-t', 'energy/+/state', '-t', 'energy/+/alert', '-C', '1', '-W', '10']);
    const [topic, ...rest] = stdout.trim().split(' ');
    expect(topic).toMatch(/^energy\/ha-(kitchen|garage)\/state$/);
    expect(JSON.parse(rest.join(' '))).toMatchObject({ energy_kwh: expect.any(Number), alert: expect.any(String) });
  });

  it('shows an energy total that never decreases through a power cut that resets the meter’s own counter', async () => {
    const ha = await connectHomeAssistant('ha-energy');
    const energy: number[] = [];
    const counters: number[] = [];
    ha.on('message', (topic, payload) => {
      if (topic === topics.state(KITCHEN)) energy.push((JSON.parse(payload.toString()) as { energy_kwh: number }).energy_kwh);
      if (topic === topics.reading(KITCHEN)) {
        const counter = (JSON.parse(payload.toString()) as { energy_wh?: number }).energy_wh;
        if (counter !== undefined) counters.push(counter);
      }
    });
    await ha.subscribeAsync([topics.state(KITCHEN), topics.reading(KITCHEN)]);
    // A heater left on (7 kW) makes whole Wh pass in a second or two.
    const before = devices.find((d) => d.id === KITCHEN)!;
    before.loadModel.forceExtraLoad(7_000);
    await until('the meter counter past 10 Wh', () => counters.length > 0 && counters[counters.length - 1]! > 10);
    await until('the energy entity moving', () => energy.length > 2 && energy[energy.length - 1]! > energy[0]!);
    const beforeCut = energy[energy.length - 1]!;

    // Power cut: no goodbye, the broker publishes the will; the meter comes back with its counter at zero.
    await before.stop(false);
    devices.splice(devices.indexOf(before), 1);
    const countersBeforeReboot = counters.length;
    const after = await startMeter(KITCHEN);
    after.loadModel.forceExtraLoad(7_000);
    await until('readings after the reboot', () => counters.length > countersBeforeReboot + 8);
    expect(Math.min(...counters.slice(countersBeforeReboot))).toBeLessThan(5); // the device's counter did step back
    await until('the energy entity above its value before the cut', () => energy[energy.length - 1]! > beforeCut);

    for (let i = 1; i < energy.length; i++) expect({ i, step: energy[i]! - energy[i - 1]! >= 0 }).toEqual({ i, step: true });
  });

  it('shows the alert entity critical once the default rule (power above 500 W for 10 s, critical) raises an alert on the heater load', async () => {
    const ha = await connectHomeAssistant('ha-alert');
    let alert: string | undefined;
    ha.on('message', (_topic, payload) => {
      alert = (JSON.parse(payload.toString()) as { alert: string }).alert;
    });
    await ha.subscribeAsync(topics.state(KITCHEN));
    // The kitchen has drawn 7 kW since the previous test; the rule holds for 10 s.
    await until('the kitchen alert state critical', () => alert === 'critical', 45_000);
  });
});

