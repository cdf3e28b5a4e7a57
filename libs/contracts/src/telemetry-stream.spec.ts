import { encodeTelemetryBatch, isTelemetryBatchTopic, telemetryBatchTopic, telemetryBatchTopicFor, telemetryOfBatch, telemetryPartitionOf } from './telemetry-stream';
import type { Telemetry } from './telemetry';

const t = (deviceId: string): Telemetry => ({
  device_id: deviceId,
  seq: 1,
  ts: 1_764_223_200_000,
  ts_source: 'device',
  voltage_v: 230,
  current_a: 1,
  power_w: 230,
  power_kind: 'real',
  apparent_power_va: 230,
  power_factor: 1,
  energy_wh: 5,
});

describe('the internal telemetry stream', () => {
  it('puts a device in the same partition in every process, and spreads devices over all partitions', () => {
    expect(telemetryPartitionOf('kitchen-1', 16)).toBe(telemetryPartitionOf('kitchen-1', 16));
    const used = new Set(Array.from({ length: 1_000 }, (_, i) => telemetryPartitionOf(`meter-${i}`, 16)));
    expect(used.size).toBe(16);
    expect(telemetryBatchTopicFor('kitchen-1')).toBe(telemetryBatchTopic(telemetryPartitionOf('kitchen-1', 16)));
  });

  it('names partitions in the second topic level, where shared subscriptions assign messages', () => {
    expect(telemetryBatchTopic(3)).toBe('svc/p03/telemetry');
    expect(isTelemetryBatchTopic('svc/p03/telemetry')).toBe(true);
    expect(isTelemetryBatchTopic('energy/kitchen-1/telemetry')).toBe(false);
    expect(isTelemetryBatchTopic('svc/alert/rules/create')).toBe(false);
  });

  it('reads back the readings of a batch and leaves out anything that is not a reading', () => {
    expect(telemetryOfBatch(JSON.parse(encodeTelemetryBatch([t('a'), t('b')])))).toEqual([t('a'), t('b')]);
    expect(telemetryOfBatch({ readings: [t('a'), { device_id: 'x' }, null, 7] })).toEqual([t('a')]);
    expect(telemetryOfBatch({ data: [] })).toBeNull();
    expect(telemetryOfBatch(null)).toBeNull();
  });
});
