import mqtt from 'mqtt';
import { encodeAck, filters, parseReading, parseTopic, topics } from '@energy/contracts';
import { startTestBroker, type TestBroker } from '@energy/broker/testing';
import { SimulatedDevice, Simulator } from '../src';

/** The simulator against the real broker, with the test playing the ingest. */
describe('device simulator against the broker', () => {
  let broker: TestBroker;
  let simulator: Simulator | undefined;
  beforeEach(async () => {
    broker = await startTestBroker();
  });
  afterEach(async () => {
    await simulator?.stop(false);
    await broker.close();
  });

  async function ingestClient() {
    return mqtt.connectAsync(broker.url, { clientId: 'ingest-sim-test', username: 'ingest', password: broker.servicePasswords.ingest, reconnectPeriod: 0 });
  }

  it('publishes valid sequenced readings, and forgets them once an ack covers them', async () => {
    const secret = await broker.provisionDevice('meter-1');
    const ingest = await ingestClient();
    const received: number[] = [];
    ingest.on('message', (topic, payload) => {
      const parsed = parseReading(payload);
      if (!parsed.ok) throw new Error(`simulator sent an invalid reading: ${parsed.reason}`);
      expect(parseTopic(topic)).toEqual({ deviceId: 'meter-1', kind: 'reading' });
      received.push(parsed.reading.seq!);
    });
    await ingest.subscribeAsync(filters.allReadings, { qos: 1 });

    simulator = new Simulator({ url: broker.url, devices: [{ id: 'meter-1', secret }], intervalMs: 20, ackTimeoutMs: 60_000 });
    await simulator.start();
    const device = simulator.device('meter-1');
    await waitUntil(() => received.length >= 10);
    expect(device.pending.size).toBeGreaterThanOrEqual(10);

    const ackSeq = [...received].sort((a, b) => a - b)[7]!;
    await ingest.publishAsync(topics.ack('meter-1'), encodeAck(ackSeq), { qos: 1 });
    await waitUntil(() => device.pending.oldestSeq()! > ackSeq);
    expect(device.stats().acked).toBe(8);
    // A reading taken before the connection was up is sent after the first live one: order by seq.
    const sorted = [...received].sort((a, b) => a - b);
    expect(sorted.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => sorted[0]! + i));
    await ingest.endAsync();
  });

  it('re-sends what was not acked after reconnecting', async () => {
    const secret = await broker.provisionDevice('meter-2');
    simulator = new Simulator({ url: broker.url, devices: [{ id: 'meter-2', secret }], intervalMs: 20, ackTimeoutMs: 60_000 });
    await simulator.start();
    const device = simulator.device('meter-2');
    await waitUntil(() => device.pending.size >= 5);
    const ingest = await ingestClient();
    const seen = new Set<number>();
    ingest.on('message', (_topic, payload) => {
      const parsed = parseReading(payload);
      if (parsed.ok) seen.add(parsed.reading.seq!);
    });
    await ingest.subscribeAsync(filters.allReadings, { qos: 1 });
    const first = device.pending.oldestSeq()!;
    // Cut the device's connection: it reconnects and re-sends its whole backlog.
    (device as unknown as { client: mqtt.MqttClient }).client.stream.destroy();
    await waitUntil(() => seen.has(first));
    expect(device.stats().resent).toBeGreaterThan(0);
    await ingest.endAsync();
  });

  it('backs off like the firmware while nothing is acked, and resets once an ack makes progress', async () => {
    const secret = await broker.provisionDevice('meter-4');
    const ingest = await ingestClient();
    const copies = new Map<number, number>();
    ingest.on('message', (_topic, payload) => {
      const parsed = parseReading(payload);
      if (parsed.ok) copies.set(parsed.reading.seq!, (copies.get(parsed.reading.seq!) ?? 0) + 1);
    });
    await ingest.subscribeAsync(topics.reading('meter-4'), { qos: 1 });
    simulator = new Simulator({ url: broker.url, devices: [{ id: 'meter-4', secret }], intervalMs: 20, ackTimeoutMs: 300, resendPerTick: 1_000 });
    await simulator.start();
    const device = simulator.device('meter-4');
    const first = device.pending.oldestSeq()!;
    // Passes after 0.3 s, then 0.6 s and 1.2 s of silence: about 0.3, 0.9 and 2.1 s in. A fixed
    // timeout would re-send the first reading every 0.3 s, 8 times by 2.5 s.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(copies.get(first)).toBeGreaterThanOrEqual(3);
    expect(copies.get(first)).toBeLessThanOrEqual(5);
    // An ack that makes progress brings the timeout back to 0.3 s: the next unacked reading is re-sent soon.
    const held = device.pending.oldestSeq()!;
    await ingest.publishAsync(topics.ack('meter-4'), encodeAck(held), { qos: 1 });
    await waitUntil(() => device.pending.oldestSeq()! > held);
    const next = device.pending.oldestSeq()!;
    const before = copies.get(next) ?? 0;
    await waitUntil(() => (copies.get(next) ?? 0) > before, 1_500);
    await ingest.endAsync();
  });

  it('obeys a relay command and reports it retained', async () => {
    const secret = await broker.provisionDevice('meter-3');
    simulator = new Simulator({ url: broker.url, devices: [{ id: 'meter-3', secret }], intervalMs: 20 });
    await simulator.start();
    const alert = await mqtt.connectAsync(broker.url, { clientId: 'alert-sim-test', username: 'alert', password: broker.servicePasswords.alert, reconnectPeriod: 0 });
    const now = Date.now();
    await alert.publishAsync(topics.relayCommand('meter-3'), JSON.stringify({ state: 'off', cmd_id: 'c1', issued_at: now, expires_at: now + 30_000 }), { qos: 1 });
    await waitUntil(() => simulator!.device('meter-3').stats().relay === 'off');
    expect(JSON.parse(await retained(alert, topics.relayState('meter-3'), 'c1'))).toEqual({ state: 'off', cmd_id: 'c1', result: 'applied' });
    await alert.endAsync();
  });

  it('ignores an expired relay command, a command without expiry, and any command while its clock is unset, and reports what it did (issue 16)', async () => {
    const secret = await broker.provisionDevice('meter-5');
    const unsetSecret = await broker.provisionDevice('meter-6');
    simulator = new Simulator({ url: broker.url, devices: [{ id: 'meter-5', secret }], intervalMs: 20 });
    await simulator.start();
    const unset = new SimulatedDevice({ id: 'meter-6', secret: unsetSecret, url: broker.url, intervalMs: 20, clockUnset: true });
    await unset.start();
    const alert = await mqtt.connectAsync(broker.url, { clientId: 'alert-sim-test-2', username: 'alert', password: broker.servicePasswords.alert, reconnectPeriod: 0 });
    const hoursAgo = Date.now() - 3 * 3_600_000;
    await alert.publishAsync(topics.relayCommand('meter-5'), JSON.stringify({ state: 'off', cmd_id: 'late', issued_at: hoursAgo, expires_at: hoursAgo + 30_000 }), { qos: 1 });
    await waitUntil(() => simulator!.device('meter-5').stats().relayResults.expired === 1);
    expect(simulator.device('meter-5').stats().relay).toBe('on');
    expect(JSON.parse(await retained(alert, topics.relayState('meter-5'), 'late'))).toEqual({ state: 'on', cmd_id: 'late', result: 'expired' });

    await alert.publishAsync(topics.relayCommand('meter-5'), JSON.stringify({ state: 'off', cmd_id: 'no-expiry' }), { qos: 1 });
    await waitUntil(() => simulator!.device('meter-5').stats().badCommands === 1);
    expect(simulator.device('meter-5').stats().relay).toBe('on');

    const now = Date.now();
    await alert.publishAsync(topics.relayCommand('meter-6'), JSON.stringify({ state: 'off', cmd_id: 'blind', issued_at: now, expires_at: now + 30_000 }), { qos: 1 });
    await waitUntil(() => unset.stats().relayResults.no_clock === 1);
    expect(unset.stats().relay).toBe('on');
    expect(JSON.parse(await retained(alert, topics.relayState('meter-6'), 'blind'))).toEqual({ state: 'on', cmd_id: 'blind', result: 'no_clock' });
    await unset.stop(false);
    await alert.endAsync();
  });
});

/** The relay report for `cmdId` on `topic`: the retained one, or the next (a fresh subscription gets the retained message first). */
function retained(client: mqtt.MqttClient, topic: string, cmdId: string): Promise<string> {
  return new Promise<string>((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic || (JSON.parse(payload.toString()) as { cmd_id?: string }).cmd_id !== cmdId) return;
      client.off('message', onMessage);
      void client.unsubscribeAsync(topic);
      resolve(payload.toString());
    };
    client.on('message', onMessage);
    void client.subscribeAsync(topic);
  });
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
