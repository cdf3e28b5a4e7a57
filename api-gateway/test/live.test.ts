import { encodeTelemetryBatch, telemetryBatchTopic, telemetryBatchTopicFor, topics, type Telemetry } from '@energy/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import { connect } from 'node:net';
import { startGatewayHarness, waitFor, type GatewayHarness } from './gateway-harness';
import { SseClient } from './sse-client';

const telemetry = (deviceId: string, seq: number, extra: Record<string, unknown> = {}): Telemetry & Record<string, unknown> => ({
  device_id: deviceId,
  seq,
  ts: Date.now(),
  ts_source: 'device',
  voltage_v: 230,
  current_a: 1,
  power_w: 230,
  power_kind: 'apparent',
  apparent_power_va: 230,
  power_factor: null,
  energy_wh: null,
  ...extra,
});

describe('live stream (SSE)', () => {
  let h: GatewayHarness;
  let ingestBus: MqttClient;
  const clients: SseClient[] = [];
  /** A fresh stream ticket (`?ticket=`), as the dashboard gets one before each EventSource. */
  const ticket = async () => encodeURIComponent((await h.request<{ ticket: string }>('POST', '/api/v1/live/tickets', { token: h.adminToken })).body.ticket);
  const open = async (query: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${h.url}/api/v1/live${query}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    h = await startGatewayHarness();
    // the ingest publishes telemetry (batches on svc/{partition}/telemetry); here a client with the ingest's service account plays it
    ingestBus = await mqtt.connectAsync(h.broker.url, { clientId: 'ingest-live-test', username: 'ingest', password: h.broker.servicePasswords.ingest, reconnectPeriod: 0 });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await ingestBus.endAsync(true);
    await h.close();
  });

  const publishReadings = (readings: Telemetry[]) => ingestBus.publishAsync(telemetryBatchTopicFor(readings[0]!.device_id), encodeTelemetryBatch(readings), { qos: 0 });

  it('delivers published readings with a median latency under 100 ms, for the chosen devices only', async () => {
    const kitchen = await open(`?devices=kitchen-1&ticket=${await ticket()}`);
    const all = await open('', { authorization: `Bearer ${h.adminToken}` });
    expect(kitchen.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const latencies: number[] = [];
    for (let seq = 1; seq <= 20; seq++) {
      const sent = performance.now();
      await publishReadings([telemetry('garage-2', seq)]);
      await publishReadings([telemetry('kitchen-1', seq)]);
      const event = await kitchen.waitFor((e) => e.event === 'reading' && JSON.parse(e.data).seq === seq);
      latencies.push(event.at - sent);
    }
    latencies.sort((a, b) => a - b);
    expect(latencies[10]).toBeLessThan(100);
    expect(JSON.parse(kitchen.events.find((e) => e.event === 'reading')!.data)).toEqual({ ...telemetry('kitchen-1', 1), ts: expect.any(Number) });
    expect(kitchen.events.filter((e) => e.event === 'reading').every((e) => JSON.parse(e.data).device_id === 'kitchen-1')).toBe(true);
    await all.waitFor((e) => e.event === 'reading' && JSON.parse(e.data).device_id === 'garage-2' && JSON.parse(e.data).seq === 20);
  });

  it('streams each reading of a batch as its own event, in order, for the devices chosen', async () => {
    const kitchen = await open(`?devices=kitchen-1&ticket=${await ticket()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const readings = [1, 2, 3, 4, 5].flatMap((i) => [telemetry('garage-2', 100 + i), telemetry('kitchen-1', 100 + i)]);
    await ingestBus.publishAsync(telemetryBatchTopic(0), encodeTelemetryBatch(readings), { qos: 0 });
    await kitchen.waitFor((e) => e.event === 'reading' && JSON.parse(e.data).seq === 105);
    const seen = kitchen.events.filter((e) => e.event === 'reading').map((e) => JSON.parse(e.data) as Telemetry);
    expect(seen.map((r) => [r.device_id, r.seq])).toEqual([101, 102, 103, 104, 105].map((seq) => ['kitchen-1', seq]));
  });

  it('streams status, relay and alert events', async () => {
    const client = await open(`?devices=kitchen-1&ticket=${await ticket()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Each from the account that sends it: the broker lets the ingest publish neither (issue 16).
    const device = await mqtt.connectAsync(h.broker.url, { clientId: 'kitchen-1', username: 'kitchen-1', password: await h.broker.provisionDevice('kitchen-1'), reconnectPeriod: 0 });
    const alertService = await mqtt.connectAsync(h.broker.url, { clientId: 'alert-live-test', username: 'alert', password: h.broker.servicePasswords.alert, reconnectPeriod: 0 });
    await device.publishAsync(topics.status('kitchen-1'), 'online', { qos: 1, retain: true });
    await device.publishAsync(topics.relayState('kitchen-1'), JSON.stringify({ state: 'on' }), { qos: 1, retain: true });
    const alert = { alert_id: 1, device_id: 'kitchen-1', rule_id: 1, kind: 'power_above', severity: 'warning', state: 'active', value: 3000, threshold: 2000, message: 'Kitchen above 2000 W', ts: Date.now() };
    await alertService.publishAsync(topics.alert('kitchen-1'), JSON.stringify(alert), { qos: 1 });
    await Promise.all([device.endAsync(), alertService.endAsync()]);
    expect(JSON.parse((await client.waitFor((e) => e.event === 'status')).data)).toEqual({ device_id: 'kitchen-1', status: 'online' });
    expect(JSON.parse((await client.waitFor((e) => e.event === 'relay')).data)).toEqual({ device_id: 'kitchen-1', state: 'on' });
    expect(JSON.parse((await client.waitFor((e) => e.event === 'alert')).data)).toEqual(alert);
    // a new client starts with the known state
    const late = await open(`?devices=kitchen-1&ticket=${await ticket()}`);
    await late.waitFor((e) => e.event === 'status');
    await late.waitFor((e) => e.event === 'relay');
  });

  it('refuses missing or bad credentials and bad parameters', async () => {
    expect((await open('')).status).toBe(401);
    expect((await open('?ticket=forged.ticket')).status).toBe(401);
    expect((await open(`?token=${h.adminToken}`)).status).toBe(401);
    expect((await open(`?devices=Kitchen%201&ticket=${await ticket()}`)).status).toBe(400);
    const key = (await h.request('POST', '/api/v1/api-keys', { token: h.adminToken, body: { name: 'r', access: 'read' } })).body.key;
    expect((await open('', { 'x-api-key': key })).status).toBe(200);
  });

  it('drops a client that stops reading, and keeps serving the others', async () => {
    const healthy = await open(`?devices=kitchen-1&ticket=${await ticket()}`);
    const socket = connect(h.gateway.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /api/v1/live?devices=kitchen-1&ticket=${await ticket()} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
    socket.pause(); // never reads: the kernel buffers fill, then the gateway's queue, then it gives up
    await new Promise((resolve) => setTimeout(resolve, 200));
    const pad = 'x'.repeat(15_000);
    for (let seq = 1; seq <= 1500; seq++) ingestBus.publish(telemetryBatchTopicFor('kitchen-1'), encodeTelemetryBatch([telemetry('kitchen-1', 10_000 + seq, { pad })]), { qos: 0 });
    await waitFor(async () => /gateway_live_clients_dropped_total\{[^}]*\} 1\b/.test((await h.request('GET', '/metrics')).text), 20_000, 'the slow client to be dropped');
    await healthy.waitFor((e) => e.event === 'reading' && JSON.parse(e.data).seq === 11_500, 20_000);
    expect(healthy.closed).toBe(false);
    socket.destroy();
  });
});
