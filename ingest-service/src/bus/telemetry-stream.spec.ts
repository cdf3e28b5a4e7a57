import { telemetryOfBatch, telemetryPartitionOf } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import { toTelemetry } from './telemetry-json';
import { TelemetryStream, type TelemetryStreamOptions } from './telemetry-stream';

const reading = (deviceId: string, seq: number): NewReading => ({
  deviceId,
  seq,
  tsMs: 1_764_223_200_000 + seq * 1000,
  tsSource: 'device',
  receivedMs: 1_764_223_200_000 + seq * 1000,
  voltageV: 230.1,
  currentA: 1.5,
  powerW: 330,
  powerKind: 'real',
  apparentPowerVa: 345,
  powerFactor: 0.957,
  energyCounterWh: seq * 0.1,
  meterBoot: null,
  meterWh: null,
});

function stream(options: Partial<TelemetryStreamOptions> = {}) {
  const sent: Array<{ topic: string; payload: string }> = [];
  const s = new TelemetryStream({ partitions: 4, windowMs: 10_000, maxBytes: 16_384, perDeviceTopic: false, ...options }, (topic, payload) => sent.push({ topic, payload }));
  return { s, sent, batches: () => sent.filter((m) => m.topic.startsWith('svc/')) };
}

describe(TelemetryStream.name, () => {
  const devices = Array.from({ length: 40 }, (_, i) => `meter-${i}`);

  it('sends one message per partition per window, each device in one partition, in the order accepted', () => {
    const t = stream();
    for (let seq = 1; seq <= 5; seq++) for (const d of devices) t.s.add(reading(d, seq));
    expect(t.sent).toEqual([]);
    t.s.flush();
    expect(t.sent.length).toBeLessThanOrEqual(4);
    const seen = new Map<string, number[]>();
    for (const { topic, payload } of t.sent) {
      for (const r of telemetryOfBatch(JSON.parse(payload))!) {
        expect(topic).toBe(`svc/p0${telemetryPartitionOf(r.device_id, 4)}/telemetry`);
        seen.set(r.device_id, [...(seen.get(r.device_id) ?? []), r.seq!]);
      }
    }
    for (const d of devices) expect(seen.get(d)).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts a new message before one would pass the payload limit, keeping the order', () => {
    const t = stream({ partitions: 1, maxBytes: 2_000 });
    for (let seq = 1; seq <= 100; seq++) t.s.add(reading('meter-1', seq));
    t.s.flush();
    expect(t.sent.length).toBeGreaterThan(5);
    for (const m of t.sent) expect(Buffer.byteLength(m.payload)).toBeLessThanOrEqual(2_000);
    expect(t.sent.flatMap((m) => telemetryOfBatch(JSON.parse(m.payload))!.map((r) => r.seq))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('sends a batch within the window of its first reading', async () => {
    const t = stream({ windowMs: 20 });
    t.s.add(reading('meter-1', 1));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(t.batches()).toHaveLength(1);
  });

  it('also publishes each reading on energy/{id}/telemetry when the per-device topic is on, and only then', () => {
    const on = stream({ perDeviceTopic: true });
    on.s.add(reading('meter-1', 1));
    expect(on.sent).toEqual([{ topic: 'energy/meter-1/telemetry', payload: JSON.stringify(toTelemetry(reading('meter-1', 1))) }]);
    on.s.flush();
    const off = stream({ perDeviceTopic: false });
    off.s.add(reading('meter-1', 1));
    off.s.flush();
    expect(off.sent.map((m) => m.topic)).toEqual([`svc/p0${telemetryPartitionOf('meter-1', 4)}/telemetry`]);
  });
});
