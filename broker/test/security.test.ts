import { topics } from '@energy/contracts';
import { DevicesRepository } from '@energy/db';
import type { IConnackPacket, ISubackPacket } from 'mqtt-packet';
import { createFixture, settle, waitFor, type Fixture } from './support/fixture';
import { RawMqtt, rawPublish } from './support/raw-mqtt';

// Broker auth and ACL over real sockets with mqtt.js and a hand-driven raw client. Every refusal is
// followed by assertStillServing(): a good device's reading still reaches the watching service.
describe('broker security (mqtt.js and raw sockets)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });
  afterEach(() => f.close());

  const rawConnack = async (fields: Parameters<RawMqtt['sendConnect']>[0]) => {
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect(fields);
    const connack = (await raw.next('connack')) as IConnackPacket | null;
    const closed = await raw.whenClosed();
    raw.destroy();
    return { returnCode: connack?.returnCode, closed };
  };

  it('refuses a wrong secret with "bad user name or password"', async () => {
    await expect(f.connect({ clientId: 'kitchen-1:x', username: 'kitchen-1', password: 'not-the-secret' })).rejects.toThrow(/Bad username or password/i);
    expect(await f.refusals('wrong-secret')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses a revoked device, and the same answer for an unknown one', async () => {
    await new DevicesRepository(f.broker.db).revoke('garage-2');
    await expect(f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage })).rejects.toThrow(/Bad username or password/i);
    await expect(f.connect({ clientId: 'ghost', username: 'ghost', password: 'whatever' })).rejects.toThrow(/Bad username or password/i);
    expect(await f.refusals('revoked')).toBe(1);
    expect(await f.refusals('unknown-account')).toBe(1);
    await f.assertStillServing();
  });

  it("drops a device's publish to another device's topic and closes that connection", async () => {
    const garage = await f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage });
    const closed = new Promise<void>((resolve) => garage.once('close', () => resolve()));
    garage.publish(topics.reading('kitchen-1'), '{"Voltage":1,"Current":1,"forged":true}', { qos: 0 });
    await closed;
    await settle();
    expect(f.seen.filter((m) => m.payload.includes('forged'))).toEqual([]);
    expect(await f.refusals('publish-not-allowed')).toBe(1);
    await f.assertStillServing();
  });

  it('never lets an observer publish, but lets it read energy/#', async () => {
    const observer = await f.connect({ clientId: 'grafana-1', username: 'grafana', password: f.secrets.observer });
    await observer.subscribeAsync('energy/#');
    const heard: string[] = [];
    observer.on('message', (topic) => heard.push(topic));
    await f.assertStillServing();
    await waitFor(() => heard.includes(topics.reading('kitchen-1')), 'the observer to read the telemetry');
    const closed = new Promise<void>((resolve) => observer.once('close', () => resolve()));
    observer.publish(topics.relayCommand('kitchen-1'), 'on');
    await closed;
    await settle();
    expect(f.seen.some((m) => m.topic === topics.relayCommand('kitchen-1'))).toBe(false);
    expect(await f.refusals('publish-not-allowed')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses a payload over MAX_PAYLOAD_BYTES', async () => {
    const garage = await f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage });
    const closed = new Promise<void>((resolve) => garage.once('close', () => resolve()));
    garage.publish(topics.reading('garage-2'), 'x'.repeat(16 * 1024 + 1), { qos: 1 });
    await closed;
    await settle();
    expect(f.seen.some((m) => m.topic === topics.reading('garage-2'))).toBe(false);
    expect(await f.refusals('payload-too-large')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses a wildcard publish [MQTT-3.3.2-2]', async () => {
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: 'garage-2', username: 'garage-2', password: Buffer.from(f.secrets.garage) });
    expect(((await raw.next('connack')) as IConnackPacket).returnCode).toBe(0);
    raw.send({ cmd: 'publish', topic: 'energy/+/reading', payload: Buffer.from('wild'), qos: 0, dup: false, retain: false });
    expect(await raw.whenClosed()).toBe(true);
    await settle();
    expect(f.seen.some((m) => m.payload === 'wild')).toBe(false);
    expect(await f.refusals('publish-wildcard')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses NUL and control characters in client ids and topics, and invalid UTF-8 [MQTT-1.5.3]', async () => {
    expect(await rawConnack({ clientId: 'garage-2\u0000', username: 'garage-2', password: Buffer.from(f.secrets.garage) })).toEqual({ returnCode: 2, closed: true });
    expect(await rawConnack({ clientId: 'garage-2\u001b[2J', username: 'garage-2', password: Buffer.from(f.secrets.garage) })).toEqual({ returnCode: 2, closed: true });
    expect(await rawConnack({ clientId: 'garage-2', username: 'garage-2\u0000', password: Buffer.from(f.secrets.garage) })).toEqual({ returnCode: 4, closed: true });
    expect(await f.refusals('client-id-invalid')).toBe(2);
    expect(await f.refusals('username-invalid')).toBe(1);

    for (const topic of [Buffer.from('energy/garage-2/reading\u0000'), Buffer.from([...Buffer.from('energy/garage-2/'), 0xc3, 0x28])]) {
      const raw = await RawMqtt.open(f.broker.mqttPort);
      raw.sendConnect({ clientId: 'garage-2', username: 'garage-2', password: Buffer.from(f.secrets.garage) });
      expect(((await raw.next('connack')) as IConnackPacket).returnCode).toBe(0);
      raw.send(rawPublish(topic, Buffer.from('bad-topic')));
      expect(await raw.whenClosed()).toBe(true);
    }
    await settle();
    expect(f.seen.some((m) => m.payload === 'bad-topic')).toBe(false);
    expect(await f.refusals('topic-invalid')).toBe(2);
    await f.assertStillServing();
  });

  it('refuses a session takeover: a device may not connect with another device client id', async () => {
    // garage-2 has valid credentials but claims kitchen-1's client id; kitchen-1 must keep its session.
    expect(await rawConnack({ clientId: 'kitchen-1', username: 'garage-2', password: Buffer.from(f.secrets.garage) })).toEqual({ returnCode: 2, closed: true });
    await expect(f.connect({ clientId: 'kitchen-1-evil', username: 'grafana', password: f.secrets.observer })).rejects.toThrow(/Identifier rejected/i);
    expect(await f.refusals('client-id-not-owned')).toBe(2);
    expect(f.kitchen.connected).toBe(true);
    await f.assertStillServing();
  });

  it('refuses a zero-length client id with clean session off, and allows it with clean session [MQTT-3.1.3-8]', async () => {
    expect(await rawConnack({ clientId: '', clean: false, username: 'grafana', password: Buffer.from(f.secrets.observer) })).toEqual({ returnCode: 2, closed: true });
    expect(await f.refusals('client-id-empty-persistent')).toBe(1);
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: '', clean: true, username: 'grafana', password: Buffer.from(f.secrets.observer) });
    expect(((await raw.next('connack')) as IConnackPacket).returnCode).toBe(0);
    raw.destroy();
    await f.assertStillServing();
  });

  it('answers a forbidden subscription with SUBACK 0x80 and keeps the connection [MQTT-3.9.3]', async () => {
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: 'garage-2', username: 'garage-2', password: Buffer.from(f.secrets.garage) });
    await raw.next('connack');
    raw.send({ cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'energy/#', qos: 1 }, { topic: 'energy/garage-2/cmd/#', qos: 1 }] });
    const suback = (await raw.next('suback')) as ISubackPacket;
    expect(suback.granted).toEqual([128, 1]);
    expect(raw.closed).toBe(false);
    expect(await f.refusals('subscribe-not-allowed')).toBe(1);
    raw.destroy();
    await f.assertStillServing();
  });

  it("refuses a will message on another device's topic", async () => {
    await expect(
      f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage, will: { topic: topics.status('kitchen-1'), payload: Buffer.from('offline'), qos: 1, retain: true } }),
    ).rejects.toThrow(/Not authorized/i);
    expect(await f.refusals('will-not-allowed')).toBe(1);
    await f.assertStillServing();
  });

  it('lets a compromised gateway forge no ack, command or reply, the ingest cut no relay, and the analytics service do neither (issues 16, 18)', async () => {
    const device = await f.connect({ clientId: 'garage-2', username: 'garage-2', password: f.secrets.garage });
    const heard: string[] = [];
    device.on('message', (topic) => heard.push(topic));
    await device.subscribeAsync(['energy/garage-2/ack', 'energy/garage-2/cmd/#'], { qos: 1 });
    const forgeries: [string, string][] = [
      ['gateway', topics.ack('garage-2')],
      ['gateway', topics.relayCommand('garage-2')],
      ['gateway', 'svc/alert/rules/create/reply'],
      ['ingest', topics.relayCommand('garage-2')],
      ['alert', topics.ack('garage-2')],
      ['analytics', topics.ack('garage-2')],
      ['analytics', topics.relayCommand('garage-2')],
    ];
    for (const [service, topic] of forgeries) {
      const client = await f.connect({ clientId: `${service}-forger`, username: service, password: f.broker.servicePasswords[service as 'gateway'] });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.publish(topic, '{"seq":4294967295,"state":"off"}', { qos: 0 });
      await closed;
    }
    await settle();
    expect(heard).toEqual([]);
    expect(f.seen.filter((m) => m.payload.includes('4294967295'))).toEqual([]);
    expect(await f.refusals('publish-not-allowed')).toBe(forgeries.length);
    // What each one does send still goes through.
    const alert = await f.connect({ clientId: 'alert-ok', username: 'alert', password: f.broker.servicePasswords.alert });
    await alert.publishAsync(topics.relayCommand('garage-2'), '{"state":"off","cmd_id":"ok"}', { qos: 1 });
    await waitFor(() => heard.includes(topics.relayCommand('garage-2')), 'the real command');
    await f.assertStillServing();
  });

  it('refuses anonymous clients unless the demo flag is on', async () => {
    await expect(f.connect({ clientId: 'anon-1' })).rejects.toThrow(/Not authorized/i);
    expect(await f.refusals('anonymous-not-allowed')).toBe(1);
    await f.assertStillServing();
  });
});
