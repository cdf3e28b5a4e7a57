import { connect as tcpConnect, type Socket } from 'node:net';
import fc from 'fast-check';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { encodeReading, topics } from '@energy/contracts';
import type { RefusalReason } from '@energy/broker/refusal';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';

/**
 * Malformed MQTT packets on raw TCP sockets: garbage, truncated packets, oversized and malformed
 * remaining lengths, CONNECT with a bad protocol, and, on a logged-in session, PUBLISH to topics with
 * wildcards or NUL. The broker closes each such connection, never crashes, counts the refusal under
 * the expected reason, and a good client keeps getting its messages all along.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CONNACK, remaining length 2, no session present, return code 0 (accepted). */
const CONNACK_ACCEPTED = Buffer.from([0x20, 0x02, 0x00, 0x00]);

type RawOutcome = 'closed' | 'open' | 'login refused or unanswered';

describe('hostile MQTT packets', () => {
  let broker: TestBroker;
  let port: number;
  let secret: string;

  beforeAll(async () => {
    broker = await startTestBroker({ limits: { connectTimeoutMs: 1_500 } });
    port = Number(new URL(broker.url).port);
    secret = await broker.provisionDevice('pkt-1');
  });
  afterAll(async () => {
    await broker?.close();
  });

  async function refusals(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const line of (await broker.metrics()).split('\n')) {
      const m = /^mqtt_refusals_total\{reason="([^"]+)"\} (\d+)/.exec(line);
      if (m) out[m[1]!] = Number(m[2]);
    }
    return out;
  }
  const deltaOf = (before: Record<string, number>, after: Record<string, number>) =>
    Object.fromEntries(Object.keys(after).map((r) => [r, after[r]! - (before[r] ?? 0)]).filter(([, n]) => Number(n) > 0)) as Record<string, number>;

  /**
   * Writes `hostile` on a raw socket and resolves with whether the broker closed it within
   * closeWithinMs. With `login`, that CONNECT goes first and the hostile bytes wait for its CONNACK,
   * so they reach a logged-in session rather than aedes' pre-CONNECT queue.
   *
   * The socket must be read: bytes left unread in its buffer (the CONNACK) keep Node from ever
   * emitting 'end' and 'close', and the broker's close would go unseen.
   */
  function sendRaw(hostile: Buffer, login?: Buffer, closeWithinMs = 4_000): Promise<RawOutcome> {
    return new Promise((resolve) => {
      const socket: Socket = tcpConnect(port, '127.0.0.1');
      let received = Buffer.alloc(0);
      let outcome: RawOutcome = login ? 'login refused or unanswered' : 'open';
      let timedOut = false;
      const giveUpAfter = (ms: number) =>
        setTimeout(() => {
          timedOut = true;
          socket.destroy();
        }, ms);
      let timer = giveUpAfter(login ? 10_000 : closeWithinMs);
      const sendHostile = () => {
        outcome = 'open';
        socket.write(hostile);
        clearTimeout(timer);
        timer = giveUpAfter(closeWithinMs);
      };
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        if (!login || outcome !== 'login refused or unanswered') return;
        received = Buffer.concat([received, chunk]);
        if (received.length < CONNACK_ACCEPTED.length) return;
        if (received.subarray(0, 4).equals(CONNACK_ACCEPTED)) sendHostile();
        else socket.destroy();
      });
      socket.once('close', () => {
        clearTimeout(timer);
        // Only a close by the broker after the hostile bytes counts as closed.
        resolve(!timedOut && outcome === 'open' ? 'closed' : outcome);
      });
      socket.once('connect', () => (login ? socket.write(login) : sendHostile()));
    });
  }

  /** Every login gets its own client id (`pkt-1:<label>`), so no login takes over another's session [MQTT-3.1.4-2]. */
  const connectPacket = (label: string, overrides: Record<string, unknown> = {}) =>
    Buffer.from(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: `pkt-1:${label}`, username: 'pkt-1', password: Buffer.from(secret), clean: true, keepalive: 30, ...overrides } as never));
  const withProtocolLevel = (level: number) => {
    const p = connectPacket('level');
    p[p.indexOf('MQTT') + 4] = level;
    return p;
  };
  /** A PUBLISH with an arbitrary topic, built by hand so NUL and wildcards get onto the wire. */
  const rawPublish = (topic: string, payload = '{"Voltage":230,"Current":1}') => {
    const t = Buffer.from(topic, 'utf8');
    const body = Buffer.concat([Buffer.from([t.length >> 8, t.length & 0xff]), t, Buffer.from(payload)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  };

  it('closes every hostile connection, counts it, and never disturbs a good client', async () => {
    // The good client: a device publishing every 20 ms, a service subscriber counting what arrives.
    const subscriber = await mqtt.connectAsync(broker.url, { clientId: 'gateway-fuzz', username: 'gateway', password: broker.servicePasswords.gateway, reconnectPeriod: 0 });
    const received = new Set<number>();
    subscriber.on('message', (_topic, payload) => received.add(JSON.parse(payload.toString()).seq));
    await subscriber.subscribeAsync(topics.reading('pkt-good'), { qos: 1 });
    const goodSecret = await broker.provisionDevice('pkt-good');
    const device = await mqtt.connectAsync(broker.url, { clientId: 'pkt-good', username: 'pkt-good', password: goodSecret, reconnectPeriod: 0 });
    let seq = 0;
    let publishing = true;
    const publisher = (async () => {
      while (publishing) {
        seq++;
        await device.publishAsync(topics.reading('pkt-good'), encodeReading({ seq, Voltage: 230, Current: 1 }), { qos: 1 });
        await sleep(20);
      }
    })();

    // 40 random byte strings behind a valid login or on their own, all at once. A random body can be a
    // valid or an incomplete packet (then the connection rightly stays), so these only must not hurt.
    const random = fc.sample(fc.tuple(fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 64 })), { numRuns: 40, seed: 9 });
    const randomOutcomes = await Promise.all(
      random.map(([afterLogin, bytes], i) => {
        const b = Buffer.from(bytes);
        b[0] = [0x00, 0xf0, 0x30, 0x32, 0x82][i % 5]!; // reserved types, or PUBLISH/SUBSCRIBE with random bodies
        return sendRaw(b, afterLogin ? connectPacket(`random-${i}`) : undefined);
      }),
    );
    if (process.env.FUZZ_VERBOSE) console.log(randomOutcomes.map((o, i) => `random bytes #${i}: ${o}`).join('\n'));
    expect(randomOutcomes.filter((o, i) => random[i]![0] && o === 'login refused or unanswered')).toEqual([]);
    await sleep(200); // lets the broker finish counting the random connections before the exact counts below

    // Each named case alone, so the refusal it causes can be counted exactly.
    const named: Array<{ name: string; bytes: Buffer; afterLogin?: boolean; reason: RefusalReason }> = [
      { name: 'garbage: reserved packet type 0', bytes: Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5]), reason: 'packet-malformed' },
      { name: 'garbage: reserved packet type 15', bytes: Buffer.from([0xf0, 0x00]), reason: 'packet-malformed' },
      { name: 'garbage: HTTP on the MQTT port', bytes: Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), reason: 'packet-malformed' },
      { name: 'oversized remaining length (268 MB announced)', bytes: Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]), reason: 'packet-too-large' },
      { name: 'malformed remaining length (5 bytes)', bytes: Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]), reason: 'packet-malformed' },
      { name: 'truncated CONNECT (never completes)', bytes: connectPacket('truncated').subarray(0, 9), reason: 'connect-timeout' },
      { name: 'CONNECT with protocol name MQTX', bytes: connectPacket('mqtx', { protocolId: 'MQTX' }), reason: 'packet-malformed' },
      { name: 'CONNECT with protocol level 9', bytes: withProtocolLevel(9), reason: 'packet-malformed' },
      { name: 'PUBLISH before CONNECT', bytes: rawPublish(topics.reading('pkt-1')), reason: 'protocol-violation' },
      { name: 'oversized PUBLISH after CONNECT (1 MB announced)', afterLogin: true, bytes: Buffer.from([0x30, 0x80, 0x80, 0x40]), reason: 'packet-too-large' },
      { name: 'PUBLISH to a topic with +', afterLogin: true, bytes: rawPublish('energy/+/reading'), reason: 'publish-wildcard' },
      { name: 'PUBLISH to a topic with #', afterLogin: true, bytes: rawPublish('energy/pkt-1/#'), reason: 'publish-wildcard' },
      { name: 'PUBLISH to a topic with NUL', afterLogin: true, bytes: rawPublish('energy/pkt-1\u0000/reading'), reason: 'topic-invalid' },
      { name: 'PUBLISH to an empty topic', afterLogin: true, bytes: rawPublish(''), reason: 'topic-invalid' },
      { name: 'PUBLISH with a truncated topic length', afterLogin: true, bytes: Buffer.from([0x30, 0x03, 0x00, 0x40, 0x61]), reason: 'packet-malformed' },
    ];
    const results: Array<{ name: string; outcome: RawOutcome; counted: Record<string, number> }> = [];
    for (const [i, { name, bytes, afterLogin }] of named.entries()) {
      const before = await refusals();
      const outcome = await sendRaw(bytes, afterLogin ? connectPacket(`named-${i}`) : undefined);
      await sleep(50); // the broker counts on its side of the close
      results.push({ name, outcome, counted: deltaOf(before, await refusals()) });
    }
    if (process.env.FUZZ_VERBOSE) console.log(results.map((r) => `${r.name}: ${r.outcome} ${JSON.stringify(r.counted)}`).join('\n'));
    expect(results.map(({ name, outcome, counted }) => ({ name, outcome, counted }))).toEqual(named.map(({ name, reason }) => ({ name, outcome: 'closed', counted: { [reason]: 1 } })));

    publishing = false;
    await publisher;
    await sleep(500);
    expect(device.connected).toBe(true);
    expect(subscriber.connected).toBe(true);
    expect(received.size).toBe(seq);

    // Still serving new clients.
    const late = await mqtt.connectAsync(broker.url, { clientId: 'pkt-1', username: 'pkt-1', password: secret, reconnectPeriod: 0 });
    await late.endAsync(true);
    await subscriber.endAsync(true);
    await device.endAsync(true);
  });
});
