import { encodeReading, TELEMETRY_BATCH_FILTER, telemetryOfBatch, topics, type Telemetry } from '@energy/contracts';
import { startIngestHarness, waitFor, type IngestHarness } from './ingest-harness';

/** What the ingest tells live consumers: batches on svc/{partition}/telemetry, and per device when configured. */
describe.each([
  ['on', true],
  ['off', false],
])('telemetry with TELEMETRY_PER_DEVICE %s', (setting, perDevice) => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await startIngestHarness({ TELEMETRY_PER_DEVICE: String(perDevice) });
  });
  afterAll(() => h?.close());

  it('sends every accepted reading once in the batched stream, each device in order, many readings a message', async () => {
    const ids = [`tel-${setting}-a`, `tel-${setting}-b`, `tel-${setting}-c`];
    const devices = await Promise.all(ids.map(async (id) => h.deviceClient(id, await h.broker.provisionDevice(id))));
    const consumer = await h.serviceClient('alert');
    const batches: Array<{ topic: string; readings: Telemetry[] }> = [];
    const perDeviceMessages: Telemetry[] = [];
    consumer.on('message', (topic, payload) => {
      const json = JSON.parse(payload.toString());
      if (topic.startsWith('svc/')) batches.push({ topic, readings: telemetryOfBatch(json)! });
      else perDeviceMessages.push(json);
    });
    await consumer.subscribeAsync([TELEMETRY_BATCH_FILTER, 'energy/+/telemetry'], { qos: 0 });

    const t0 = Date.now() - 60_000;
    for (let seq = 1; seq <= 50; seq++) {
      for (const [i, device] of devices.entries()) {
        device.publish(topics.reading(ids[i]!), encodeReading({ seq, oldest_seq: 1, ts: t0 + seq * 1000, Voltage: 230, Current: 1, power_w: 230, apparent_power_va: 230 }), { qos: 0 });
      }
    }
    const total = () => batches.reduce((n, b) => n + b.readings.length, 0);
    await waitFor('150 readings in the stream', () => total() >= 150);
    await new Promise((resolve) => setTimeout(resolve, 200)); // anything more would be a duplicate
    expect(total()).toBe(150);
    expect(batches.length).toBeLessThan(50);
    for (const id of ids) {
      const topicsUsed = new Set(batches.filter((b) => b.readings.some((r) => r.device_id === id)).map((b) => b.topic));
      expect(topicsUsed.size).toBe(1); // one partition per device
      const seqs = batches.flatMap((b) => b.readings.filter((r) => r.device_id === id).map((r) => r.seq));
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
    expect(batches[0]!.readings[0]).toMatchObject({ voltage_v: 230, current_a: 1, power_w: 230, power_kind: 'real', ts_source: 'device' });
    expect(perDeviceMessages.length).toBe(perDevice ? 150 : 0);
  });
});
