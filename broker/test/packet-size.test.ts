import type { IConnackPacket } from 'mqtt-packet';
import WebSocket from 'ws';
import { createFixture, type Fixture } from './support/fixture';
import { encodeRemainingLength, RawMqtt } from './support/raw-mqtt';

// aedes buffers whatever a packet announces (moscajs/aedes#831); the guard on each connection stream
// must cut such a socket off from the header alone, on TCP and on WebSocket.
describe('packet size guard', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await createFixture();
  });
  afterEach(() => f.close());

  const announced200MbConnect = Buffer.concat([Buffer.from([0x10]), encodeRemainingLength(200 * 1024 * 1024), Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54])]);
  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };

  it('cuts off a TCP socket announcing a 200 MB CONNECT without the broker growing', async () => {
    global.gc?.();
    const before = memory();
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.send(announced200MbConnect);
    // Keep pushing body bytes (respecting backpressure) until the broker hangs up: up to 32 MB.
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sentBytes = 0;
    while (!raw.closed && sentBytes < 32 * chunk.length) {
      sentBytes += chunk.length;
      if (!raw.socket.write(chunk)) await Promise.race([new Promise((r) => raw.socket.once('drain', r)), raw.whenClosed(500)]);
    }
    expect(await raw.whenClosed(2_000)).toBe(true);
    const grownBytes = memory() - before;
    expect(grownBytes).toBeLessThan(8 * 1024 * 1024);
    expect(await f.refusals('packet-too-large')).toBe(1);
    await f.assertStillServing();
  });

  it('cuts off an authenticated client whose PUBLISH announces more than the limit', async () => {
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.sendConnect({ clientId: 'garage-2', username: 'garage-2', password: Buffer.from(f.secrets.garage) });
    expect(((await raw.next('connack')) as IConnackPacket).returnCode).toBe(0);
    const topic = Buffer.from('energy/garage-2/reading');
    raw.send(Buffer.concat([Buffer.from([0x30]), encodeRemainingLength(2 + topic.length + 100 * 1024), Buffer.from([0, topic.length]), topic, Buffer.alloc(100 * 1024, 0x62)]));
    expect(await raw.whenClosed()).toBe(true);
    expect(await f.refusals('packet-too-large')).toBe(1);
    expect(f.seen.some((m) => m.topic === 'energy/garage-2/reading')).toBe(false);
    await f.assertStillServing();
  });

  it('cuts off a WebSocket client announcing a 200 MB CONNECT', async () => {
    const ws = new WebSocket(f.broker.wsUrl, 'mqtt');
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.send(announced200MbConnect);
    for (let i = 0; i < 16 && ws.readyState === WebSocket.OPEN; i++) ws.send(Buffer.alloc(64 * 1024, 0x61));
    await closed;
    expect(await f.refusals('packet-too-large')).toBe(1);
    await f.assertStillServing();
  });

  it('refuses a malformed remaining length longer than four bytes', async () => {
    const raw = await RawMqtt.open(f.broker.mqttPort);
    raw.send(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f]));
    expect(await raw.whenClosed()).toBe(true);
    expect(await f.refusals('packet-malformed')).toBe(1);
    await f.assertStillServing();
  });
});
