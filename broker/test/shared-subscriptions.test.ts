import mqtt, { type MqttClient } from 'mqtt';
import { createMysqlTestDatabase, type TestDatabase } from '@energy/db/testing';
import { freePort, ServiceProcess } from '@energy/stack';
import { startTestBroker, type TestBroker } from '../src/testing/test-broker';
import { redisNamespace } from './support/redis';

const GROUP_FILTER = '$share/ingest/energy/+/reading';
const DEVICES = Array.from({ length: 40 }, (_, i) => `meter-${i}`);
const waitUntil = async (what: string, probe: () => boolean, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** Members of one group, each recording which device's readings it got. */
class Group {
  readonly members = new Map<string, MqttClient>();
  readonly received = new Map<string, string[]>(); // member -> "device:n"
  constructor(private readonly passwords: { ingest: string }) {}

  async add(id: string, url: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { clientId: id, username: 'ingest', password: this.passwords.ingest, reconnectPeriod: 0, ...opts });
    client.on('message', (topic, payload) => {
      const list = this.received.get(id) ?? [];
      list.push(`${topic.split('/')[1]}:${payload.toString()}`);
      this.received.set(id, list);
    });
    await client.subscribeAsync(GROUP_FILTER, { qos: 1 });
    this.members.set(id, client);
    return client;
  }

  total(): number {
    return [...this.received.values()].reduce((n, l) => n + l.length, 0);
  }

  /** device -> the members that got any of its readings */
  ownersByDevice(): Map<string, Set<string>> {
    const owners = new Map<string, Set<string>>();
    for (const [member, list] of this.received) {
      for (const entry of list) {
        const device = entry.split(':')[0]!;
        owners.set(device, (owners.get(device) ?? new Set()).add(member));
      }
    }
    return owners;
  }

  reset(): void {
    this.received.clear();
  }

  async close(): Promise<void> {
    await Promise.all([...this.members.values()].map((c) => c.endAsync(true)));
  }
}

async function publishRound(publisher: MqttClient, round: number): Promise<void> {
  await Promise.all(DEVICES.map((d) => publisher.publishAsync(`energy/${d}/reading`, String(round), { qos: 1 })));
}

function expectEachMessageOnceAndDevicesPinned(group: Group, rounds: number): Map<string, string> {
  expect(group.total()).toBe(DEVICES.length * rounds);
  const all = [...group.received.values()].flat();
  expect(new Set(all).size).toBe(all.length); // nothing twice
  const owners = group.ownersByDevice();
  const pinned = new Map<string, string>();
  for (const d of DEVICES) {
    expect([d, owners.get(d)?.size]).toEqual([d, 1]);
    pinned.set(d, [...owners.get(d)!][0]!);
  }
  return pinned;
}

describe('$share/{group}/{filter} on one node (no Redis)', () => {
  let broker: TestBroker;
  let group: Group;
  let publisher: MqttClient;

  beforeAll(async () => {
    broker = await startTestBroker();
    group = new Group(broker.servicePasswords);
    publisher = await mqtt.connectAsync(broker.url, { clientId: 'gateway-pub', username: 'gateway', password: broker.servicePasswords.gateway, reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await group.close();
    await publisher.endAsync(true);
    await broker.close();
  });

  it('gives each message to one member, keeps each device on one member, and moves only a leaver’s devices', async () => {
    for (const id of ['ingest-a', 'ingest-b', 'ingest-c']) await group.add(id, broker.url);
    const plain = await mqtt.connectAsync(broker.url, { clientId: 'alert-plain', username: 'alert', password: broker.servicePasswords.alert, reconnectPeriod: 0 });
    let plainCount = 0;
    plain.on('message', () => plainCount++);
    await plain.subscribeAsync('energy/+/reading', { qos: 1 });

    for (let round = 0; round < 3; round++) await publishRound(publisher, round);
    await waitUntil('every reading delivered', () => group.total() >= DEVICES.length * 3 && plainCount >= DEVICES.length * 3);
    await new Promise((r) => setTimeout(r, 200));
    const before = expectEachMessageOnceAndDevicesPinned(group, 3);
    expect(new Set(before.values()).size).toBe(3); // the load is shared
    expect(plainCount).toBe(DEVICES.length * 3); // an ordinary subscriber still gets everything
    await plain.endAsync(true);

    // ingest-b leaves: its devices go to a and c, nobody else's move.
    await group.members.get('ingest-b')!.endAsync();
    group.members.delete('ingest-b');
    await waitUntil('the broker to see ingest-b leave', () => broker.broker.shared.registry.members('ingest/energy/+/reading').length === 2);
    group.reset();
    for (let round = 3; round < 5; round++) await publishRound(publisher, round);
    await waitUntil('every reading delivered', () => group.total() >= DEVICES.length * 2);
    const after = expectEachMessageOnceAndDevicesPinned(group, 2);
    for (const d of DEVICES) {
      if (before.get(d) === 'ingest-b') expect(['ingest-a', 'ingest-c']).toContain(after.get(d));
      else expect(after.get(d)).toBe(before.get(d));
    }
  });

  it('delivers at QoS min(subscription, publication) and sends no retained messages to a share', async () => {
    await publisher.publishAsync('energy/meter-x/reading', 'retained', { qos: 1, retain: true });
    const member = await mqtt.connectAsync(broker.url, { clientId: 'ingest-q0', username: 'ingest', password: broker.servicePasswords.ingest, reconnectPeriod: 0 });
    const got: Array<{ payload: string; qos: number; retain: boolean }> = [];
    member.on('message', (_t, payload, packet) => got.push({ payload: payload.toString(), qos: packet.qos, retain: packet.retain }));
    await member.subscribeAsync('$share/solo/energy/+/reading', { qos: 0 });
    await publisher.publishAsync('energy/meter-x/reading', 'live', { qos: 1 });
    await waitUntil('the live reading', () => got.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([{ payload: 'live', qos: 0, retain: false }]);
    await publisher.publishAsync('energy/meter-x/reading', '', { qos: 1, retain: true }); // clear it
    await member.endAsync(true);
  });

  it('re-admits a persistent-session member from its restored session (mqtt.js does not SUBSCRIBE again)', async () => {
    const key = 'durable/energy/+/reading';
    const opts = { clientId: 'ingest-durable', username: 'ingest', password: broker.servicePasswords.ingest, clean: false, reconnectPeriod: 0 };
    const first = await mqtt.connectAsync(broker.url, opts);
    await first.subscribeAsync('$share/durable/energy/+/reading', { qos: 1 });
    expect(broker.broker.shared.registry.members(key)).toEqual(['ingest-durable']);
    await first.endAsync();
    await waitUntil('the member to leave', () => broker.broker.shared.registry.members(key).length === 0);
    const again = mqtt.connect(broker.url, opts);
    const connack = await new Promise<mqtt.IConnackPacket>((resolve) => again.once('connect', resolve));
    expect(connack.sessionPresent).toBe(true);
    await waitUntil('the member to be back', () => broker.broker.shared.registry.members(key).length === 1);
    const got = new Promise<string>((resolve) => again.once('message', (topic) => resolve(topic)));
    await publisher.publishAsync('energy/meter-7/reading', '1', { qos: 1 });
    await expect(got).resolves.toBe('energy/meter-7/reading');
    await again.endAsync(true);
  });
});

describe('clustered brokers over Redis', () => {
  let t: TestDatabase;
  const ns = redisNamespace('cluster');
  const passwords = { ingest: 'ingest-password-1234', alert: 'alert-password-1234', gateway: 'gateway-password-1234' };
  const start = (mqttPort?: number) => startTestBroker({ db: t.db, servicePasswords: passwords, redis: { url: ns.url, keyPrefix: ns.keyPrefix, nodeTtlMs: 2_000 }, mqttPort });
  let a: TestBroker;
  let b: TestBroker;
  const clients: MqttClient[] = [];
  const connect = async (url: string, opts: mqtt.IClientOptions) => {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...opts });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createMysqlTestDatabase();
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    await a?.close();
    await b?.close();
    await t.drop();
    await ns.cleanUp();
  });

  it('carries a device’s reading on node A to a subscriber on node B', async () => {
    const secret = await a.provisionDevice('kitchen-1');
    const sub = await connect(b.url, { clientId: 'alert-on-b', username: 'alert', password: passwords.alert });
    await sub.subscribeAsync('energy/+/reading', { qos: 1 });
    await new Promise((r) => setTimeout(r, 200)); // the Redis PSUBSCRIBE settles
    const got = new Promise<string>((resolve) => sub.once('message', (topic, payload) => resolve(`${topic} ${payload.toString()}`)));
    const device = await connect(a.url, { clientId: 'kitchen-1', username: 'kitchen-1', password: secret });
    await device.publishAsync('energy/kitchen-1/reading', '{"seq":1}', { qos: 1 });
    await expect(got).resolves.toBe('energy/kitchen-1/reading {"seq":1}');
  });

  it('has one member per message across nodes, with members on both nodes and publishers on both', async () => {
    const group = new Group(passwords);
    await group.add('ingest-1', a.url);
    await group.add('ingest-2', b.url);
    await group.add('ingest-3', b.url);
    const key = 'ingest/energy/+/reading';
    await waitUntil('both nodes to see three members', () => a.broker.shared.registry.members(key).length === 3 && b.broker.shared.registry.members(key).length === 3);
    await new Promise((r) => setTimeout(r, 200));
    const pubA = await connect(a.url, { clientId: 'gateway-a', username: 'gateway', password: passwords.gateway });
    const pubB = await connect(b.url, { clientId: 'gateway-b', username: 'gateway', password: passwords.gateway });
    for (let round = 0; round < 4; round++) await publishRound(round % 2 ? pubA : pubB, round);
    await waitUntil('every reading delivered', () => group.total() >= DEVICES.length * 4);
    await new Promise((r) => setTimeout(r, 300));
    const pinned = expectEachMessageOnceAndDevicesPinned(group, 4);
    expect(new Set(pinned.values()).size).toBe(3);

    // ingest-1 (on A) leaves: node B's view follows through Redis, and its devices move to 2 and 3.
    await group.members.get('ingest-1')!.endAsync();
    group.members.delete('ingest-1');
    await waitUntil('node B to see ingest-1 leave', () => b.broker.shared.registry.members(key).length === 2);
    group.reset();
    for (let round = 4; round < 6; round++) await publishRound(round % 2 ? pubA : pubB, round);
    await waitUntil('every reading delivered', () => group.total() >= DEVICES.length * 2);
    await new Promise((r) => setTimeout(r, 300));
    const after = expectEachMessageOnceAndDevicesPinned(group, 2);
    for (const d of DEVICES) if (pinned.get(d) !== 'ingest-1') expect(after.get(d)).toBe(pinned.get(d));
    await group.close();
    await waitUntil('the members to be gone', () => a.broker.shared.registry.members(key).length === 0 && b.broker.shared.registry.members(key).length === 0);
  });

  it('keeps retained messages, persistent sessions and queued QoS 1 messages across a broker restart', async () => {
    const secret = await a.provisionDevice('garage-2');
    const device = await connect(a.url, { clientId: 'garage-2', username: 'garage-2', password: secret });
    await device.publishAsync('energy/garage-2/status', 'online', { qos: 1, retain: true });
    const durable = await mqtt.connectAsync(a.url, { clientId: 'alert-durable', username: 'alert', password: passwords.alert, clean: false, reconnectPeriod: 0 });
    await durable.subscribeAsync('energy/+/status', { qos: 1 });
    await durable.endAsync();
    await device.publishAsync('energy/garage-2/status', 'still-online', { qos: 1, retain: true }); // queued for the offline session
    await device.endAsync(true);

    const port = a.mqttPort;
    await a.close(); // with clients of the earlier tests still connected
    a = await start(port);

    const fresh = await connect(a.url, { clientId: 'alert-fresh', username: 'alert', password: passwords.alert });
    const retained = new Promise<string>((resolve) => fresh.once('message', (_t, payload, packet) => resolve(`${payload.toString()} retain=${packet.retain}`)));
    await fresh.subscribeAsync('energy/garage-2/status', { qos: 1 });
    await expect(retained).resolves.toBe('still-online retain=true');

    const queued: string[] = [];
    const back = mqtt.connect(a.url, { clientId: 'alert-durable', username: 'alert', password: passwords.alert, clean: false, reconnectPeriod: 0 });
    clients.push(back);
    back.on('message', (_t, payload) => queued.push(payload.toString()));
    const connack = await new Promise<mqtt.IConnackPacket>((resolve) => back.once('connect', resolve));
    expect(connack.sessionPresent).toBe(true);
    await waitUntil('the queued message', () => queued.length > 0);
    expect(queued).toEqual(['still-online']);
  });

  it('drops the members of a node that is SIGKILLed (its announcement expires)', async () => {
    const key = 'crash/energy/+/reading';
    const [mqttPort, httpPort] = [await freePort(), await freePort()];
    const node = new ServiceProcess(
      {
        name: 'broker-c',
        entry: 'broker/src/main.ts',
        env: {
          MQTT_HOST: '127.0.0.1', MQTT_PORT: String(mqttPort), MQTT_WS_PORT: '0', HTTP_PORT: String(httpPort), DATABASE_URL: t.url, LOG_LEVEL: 'warn',
          MQTT_SERVICE_PASSWORD_INGEST: passwords.ingest, REDIS_URL: ns.url, REDIS_KEY_PREFIX: ns.keyPrefix, CLUSTER_NODE_TTL_MS: '2000',
        },
        healthUrl: `http://127.0.0.1:${httpPort}/health`,
      },
      () => undefined,
    );
    await node.start();
    try {
      const member = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { clientId: 'ingest-doomed', username: 'ingest', password: passwords.ingest, reconnectPeriod: 0 });
      member.on('error', () => undefined);
      await member.subscribeAsync('$share/crash/energy/+/reading', { qos: 1 });
      await waitUntil('node A to see the member on C', () => a.broker.shared.registry.members(key).length === 1);
      await node.stop('SIGKILL');
      const killedAt = Date.now();
      await waitUntil('node A to forget node C’s member', () => a.broker.shared.registry.members(key).length === 0, 8_000);
      expect(Date.now() - killedAt).toBeLessThan(2_000 + 2_000); // the TTL plus one refresh
      member.end(true);
    } finally {
      await node.stop('SIGKILL');
    }
  });
});
