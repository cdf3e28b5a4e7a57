import { Aedes } from 'aedes';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';
import pino from 'pino';
import { BusPublisher, BusPublishTimeoutError } from '../src/bus-publisher';

const silent = pino({ level: 'silent' });

/** An in-process aedes on `port` (0: any free port); `stop()` drops every connection, as a broker restart does. */
async function startBroker(port = 0): Promise<{ port: number; stop(): Promise<void> }> {
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
    },
  };
}

/** A subscriber that collects what arrives on `filter`. */
async function listen(port: number, filter: string): Promise<{ client: MqttClient; received: Array<{ topic: string; body: string; retain: boolean }> }> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: `listener-${Math.random().toString(16).slice(2)}`, reconnectPeriod: 0 });
  const received: Array<{ topic: string; body: string; retain: boolean }> = [];
  client.on('message', (topic, payload, packet) => received.push({ topic, body: payload.toString('utf8'), retain: packet.retain }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, received };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('BusPublisher (against an in-process aedes)', () => {
  const open: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close().catch(() => undefined);
  });

  it('publishes JSON, strings and Buffers as they are, with QoS and retain', async () => {
    const broker = await startBroker();
    open.push({ close: () => broker.stop() });
    const bus = await BusPublisher.connect({ url: `mqtt://127.0.0.1:${broker.port}`, clientId: 'test-pub' }, silent);
    open.push({ close: () => bus.close() });
    expect(bus.connected).toBe(true);
    expect(bus.disconnectedBecause).toBe('');

    await bus.publish('t/json', { a: 1 }, { retain: true });
    await bus.publish('t/text', 'plain text', { qos: 0 });
    await bus.publish('t/bytes', Buffer.from([0x68, 0x69]));
    // Retained: a subscriber that comes later still gets it, flagged as retained.
    const { client, received } = await listen(broker.port, 't/#');
    open.push({ close: () => client.endAsync() });
    await waitFor('the retained message', () => received.length >= 1);
    expect(received).toEqual([{ topic: 't/json', body: '{"a":1}', retain: true }]);

    await bus.publish('t/text', 'plain text');
    bus.send('t/bytes', Buffer.from('hi'));
    await waitFor('two more messages', () => received.length >= 3);
    expect(received.slice(1)).toEqual([
      { topic: 't/text', body: 'plain text', retain: false },
      { topic: 't/bytes', body: 'hi', retain: false },
    ]);
  });

  it('runs the close hooks before it disconnects, so what they flush still goes out', async () => {
    const broker = await startBroker();
    open.push({ close: () => broker.stop() });
    const { client, received } = await listen(broker.port, 'flush/#');
    open.push({ close: () => client.endAsync() });
    const bus = await BusPublisher.connect({ url: `mqtt://127.0.0.1:${broker.port}`, clientId: 'test-flush' }, silent);
    const held = ['one', 'two'];
    bus.onClose(() => {
      for (const m of held.splice(0)) bus.send('flush/batch', m);
    });
    await bus.close();
    expect(bus.connected).toBe(false);
    await waitFor('the flushed messages', () => received.length >= 2);
    expect(received.map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('subscribes again after the broker comes back, and says why it is down meanwhile', async () => {
    const broker = await startBroker();
    const port = broker.port;
    const bus = await BusPublisher.connect({ url: `mqtt://127.0.0.1:${port}`, clientId: 'test-resub', mqtt: { clean: true } }, silent);
    open.push({ close: () => bus.close(true) });
    const received: string[] = [];
    bus.client.on('message', (topic) => received.push(topic));
    await bus.subscribe(['live/#'], 0);

    await broker.stop();
    await waitFor('the publisher to notice', () => !bus.connected);
    expect(bus.disconnectedBecause).not.toBe('');

    const again = await startBroker(port);
    open.push({ close: () => again.stop() });
    await waitFor('the reconnect', () => bus.connected);
    const { client } = await listen(port, 'unused');
    open.push({ close: () => client.endAsync() });
    // The subscription is renewed on the new broker, which knows nothing of the old session.
    await waitFor('a message on the renewed subscription', () => {
      client.publish('live/x', 'v');
      return received.includes('live/x');
    });
  });

  it('rejects a publish the broker never acknowledges once publishTimeoutMs has passed', async () => {
    // A "broker" that accepts the connection and then swallows every packet.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => socket.write(generate({ cmd: 'connack', returnCode: 0, sessionPresent: false })));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    open.push({
      close: () => {
        for (const s of sockets) s.destroy();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    });
    const port = (server.address() as AddressInfo).port;
    const bus = await BusPublisher.connect({ url: `mqtt://127.0.0.1:${port}`, clientId: 'test-timeout', publishTimeoutMs: 200 }, silent);
    open.push({ close: () => bus.close(true) });
    const started = Date.now();
    await expect(bus.publish('t/lost', { a: 1 }, { qos: 1 })).rejects.toThrow(BusPublishTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('refuses to start when the broker cannot be reached', async () => {
    const broker = await startBroker();
    const port = broker.port;
    await broker.stop();
    await expect(BusPublisher.connect({ url: `mqtt://127.0.0.1:${port}`, clientId: 'test-refused' }, silent)).rejects.toThrow(/ECONNREFUSED/);
  });
});
