import { topics } from '@energy/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { IConnackPacket, ISubackPacket } from 'mqtt-packet';
import { createFixture, settle, waitFor, type Fixture } from './support/fixture';
import { RawMqtt } from './support/raw-mqtt';

/**
 * Issue 16, item 6: offline sessions must not queue without bound. Observers get QoS 0 (aedes queues
 * nothing for them), every client has a subscription cap, a device's offline queue has a cap, and a
 * device session that stays away too long is dropped, and a relay command is never kept for a device
 * that is away. Each test ends with the broker still serving.
 */
describe('session limits (issue 16)', () => {
  let f: Fixture | undefined;
  const reconnected: MqttClient[] = [];
  afterEach(async () => {
    await Promise.all(reconnected.splice(0).map((client) => client.endAsync(true)));
    await f?.close();
    f = undefined;
  });

  /** The alert service, which publishes relay commands at QoS 1. */
  const alertService = (fixture: Fixture) => fixture.connect({ clientId: 'alert-sessions-test', username: 'alert', password: fixture.broker.servicePasswords.alert });
  /** The ingest, which publishes acks (at QoS 1 here, to fill a queue). */
  const ingestService = (fixture: Fixture) => fixture.connect({ clientId: 'ingest-sessions-test', username: 'ingest', password: fixture.broker.servicePasswords.ingest });
  const collect = (client: MqttClient) => {
    const got: string[] = [];
    client.on('message', (_topic, payload) => got.push(payload.toString()));
    return got;
  };
  /**
   * Connects with the message listener in place before CONNACK: the broker may send a session's queued
   * messages in the same TCP segment as the CONNACK, and mqtt.js emits them before connectAsync resolves.
   */
  const reconnectCollecting = async (fixture: Fixture, opts: mqtt.IClientOptions) => {
    const client = mqtt.connect(fixture.broker.url, { reconnectPeriod: 0, connectTimeout: 3_000, ...opts });
    reconnected.push(client);
    const got = collect(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return { client, got };
  };

  it('gives observers a clean session even when they ask for a persistent one, so nothing is queued for them', async () => {
    f = await createFixture();
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: 'grafana-1', clean: false, username: 'grafana', password: Buffer.from(f.secrets.observer) });
    await raw.next('connack');
    raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'energy/#', qos: 1 }] });
    expect(((await raw.next('suback')) as ISubackPacket).granted).toEqual([1]);
    raw.destroy();
    await settle();
    for (let i = 0; i < 20; i++) await f.kitchen.publishAsync(topics.reading('kitchen-1'), `{"i":${i}}`, { qos: 1 });
    const again = await RawMqtt.open(f.broker.mqttPort);
    again.sendConnect({ clientId: 'grafana-1', clean: false, username: 'grafana', password: Buffer.from(f.secrets.observer) });
    expect(((await again.next('connack')) as IConnackPacket).sessionPresent).toBe(false);
    await settle(300);
    expect(again.packets.filter((p) => p.cmd === 'publish')).toEqual([]);
    again.destroy();
    await f.assertStillServing();
  });

  it('caps the subscriptions of one client', async () => {
    f = await createFixture({ limits: { maxSubscriptionsPerClient: 3 } });
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: 'grafana-1', username: 'grafana', password: Buffer.from(f.secrets.observer) });
    await raw.next('connack');
    raw.send({ cmd: 'subscribe', messageId: 1, subscriptions: ['a', 'b', 'c', 'd', 'e'].map((x) => ({ topic: `energy/${x}/reading`, qos: 0 as const })) });
    expect(((await raw.next('suback')) as ISubackPacket).granted).toEqual([0, 0, 0, 128, 128]);
    // The same filter again is no new subscription.
    raw.send({ cmd: 'subscribe', messageId: 2, subscriptions: [{ topic: 'energy/a/reading', qos: 0 }] });
    expect(((await raw.next('suback')) as ISubackPacket).granted).toEqual([0]);
    raw.send({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['energy/b/reading'] });
    await raw.next('unsuback');
    raw.send({ cmd: 'subscribe', messageId: 4, subscriptions: [{ topic: 'energy/d/reading', qos: 0 }] });
    expect(((await raw.next('suback')) as ISubackPacket).granted).toEqual([0]);
    expect(raw.closed).toBe(false);
    expect(await f.refusals('subscription-limit')).toBe(2);
    raw.destroy();
    await f.assertStillServing();
  });

  it("caps a device's offline queue", async () => {
    f = await createFixture({ limits: { maxQueuedPerSession: 5 } });
    const first = await mqtt.connectAsync(f.broker.url, { clientId: 'garage-2', clean: false, username: 'garage-2', password: f.secrets.garage, reconnectPeriod: 0 });
    await first.subscribeAsync(topics.ack('garage-2'), { qos: 1 });
    await first.endAsync();
    await settle();
    const ingest = await ingestService(f);
    for (let i = 0; i < 30; i++) await ingest.publishAsync(topics.ack('garage-2'), JSON.stringify({ seq: i }), { qos: 1 });
    const { got } = await reconnectCollecting(f, { clientId: 'garage-2', clean: false, username: 'garage-2', password: f.secrets.garage });
    await waitFor(() => got.length >= 5, 'the queued acks');
    await settle(300);
    expect(got.map((p) => JSON.parse(p).seq)).toEqual([0, 1, 2, 3, 4]);
    expect(await f.refusals('session-queue-full')).toBe(25);
    await f.assertStillServing();
  });

  it('drops a device session that stays away longer than the session expiry', async () => {
    f = await createFixture({ limits: { sessionExpiryMs: 300 } });
    const first = await mqtt.connectAsync(f.broker.url, { clientId: 'garage-2', clean: false, username: 'garage-2', password: f.secrets.garage, reconnectPeriod: 0 });
    await first.subscribeAsync(topics.ack('garage-2'), { qos: 1 });
    await first.endAsync();
    await settle(1_500);
    const ingest = await ingestService(f);
    await ingest.publishAsync(topics.ack('garage-2'), JSON.stringify({ seq: 9 }), { qos: 1 });
    const back = await RawMqtt.open(f.broker.mqttPort);
    back.sendConnect({ clientId: 'garage-2', clean: false, username: 'garage-2', password: Buffer.from(f.secrets.garage) });
    expect(((await back.next('connack')) as IConnackPacket).sessionPresent).toBe(false);
    await settle(300);
    expect(back.packets.filter((p) => p.cmd === 'publish')).toEqual([]);
    back.destroy();
    await f.assertStillServing();
  });

  it('never keeps a relay command for a device that is away, so it cannot act hours later (item 8)', async () => {
    f = await createFixture();
    const first = await mqtt.connectAsync(f.broker.url, { clientId: 'garage-2', clean: false, username: 'garage-2', password: f.secrets.garage, reconnectPeriod: 0 });
    await first.subscribeAsync(`energy/garage-2/cmd/#`, { qos: 1 });
    const alert = await alertService(f);
    // While connected, a command arrives at once, at QoS 1.
    const live = collect(first);
    await alert.publishAsync(topics.relayCommand('garage-2'), JSON.stringify({ state: 'off', cmd_id: 'live' }), { qos: 1 });
    await waitFor(() => live.length === 1, 'the live command');
    await first.endAsync();
    await settle();
    await alert.publishAsync(topics.relayCommand('garage-2'), JSON.stringify({ state: 'off', cmd_id: 'stale' }), { qos: 1 });
    const { got } = await reconnectCollecting(f, { clientId: 'garage-2', clean: false, username: 'garage-2', password: f.secrets.garage });
    await settle(300);
    expect(got).toEqual([]);
    expect(await f.refusals('command-not-kept')).toBe(1);
    // Still subscribed: the next command reaches it live.
    await alert.publishAsync(topics.relayCommand('garage-2'), JSON.stringify({ state: 'on', cmd_id: 'next' }), { qos: 1 });
    await waitFor(() => got.length === 1, 'the next live command');
    await f.assertStillServing();
  });
});
