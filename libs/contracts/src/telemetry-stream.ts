import type { Telemetry } from './telemetry';

/**
 * The internal telemetry stream, ingest -> services (alert evaluation, the gateway's live push):
 * many validated readings per message instead of one `energy/{id}/telemetry` message each.
 *
 * Devices are spread over a fixed number of partitions by a hash of their id, and a partition's
 * readings travel on one topic, `svc/{partition}/telemetry` (e.g. `svc/p07/telemetry`), in the order
 * the ingest accepted them. So each device's readings stay in order, whether one service reads every
 * partition or a shared subscription (`$share/{group}/svc/+/telemetry`) splits them between replicas:
 * the broker assigns a shared message by its second topic level, here the partition.
 * Only service accounts may read or write `svc/#`; third parties keep `energy/{id}/telemetry`.
 */
export interface TelemetryBatch {
  readings: Telemetry[];
}

/** Enough partitions to spread over a few replicas evenly; each is one topic. */
export const DEFAULT_TELEMETRY_PARTITIONS = 16;

/** `svc/{partition}/telemetry`; the partition is `p` and two digits. */
export const telemetryBatchTopic = (partition: number): string => `svc/p${String(partition).padStart(2, '0')}/telemetry`;

/** Every partition of the stream. */
export const TELEMETRY_BATCH_FILTER = 'svc/+/telemetry';

/** The partition of a device: FNV-1a of its id, modulo the partition count (stable across processes). */
export function telemetryPartitionOf(deviceId: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/** The stream topic a device's readings travel on (tests and tools that play the ingest). */
export const telemetryBatchTopicFor = (deviceId: string, partitions = DEFAULT_TELEMETRY_PARTITIONS): string => telemetryBatchTopic(telemetryPartitionOf(deviceId, partitions));

/** True for a topic of the internal stream. */
export const isTelemetryBatchTopic = (topic: string): boolean => /^svc\/p\d{2}\/telemetry$/.test(topic);

/** A batch as sent: `{"readings":[…]}`. */
export const encodeTelemetryBatch = (readings: Telemetry[]): string => JSON.stringify({ readings } satisfies TelemetryBatch);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The readings of a batch, each checked for the fields consumers rely on (a guard against a foreign
 * publisher with a service account; the ingest validated them); null when it is not a batch at all.
 */
export function telemetryOfBatch(payload: unknown): Telemetry[] | null {
  const readings = (payload as Partial<TelemetryBatch> | null)?.readings;
  if (!Array.isArray(readings)) return null;
  return readings.filter((t: Partial<Telemetry> | null): t is Telemetry => {
    return !!t && typeof t === 'object' && typeof t.device_id === 'string' && isNum(t.ts) && isNum(t.voltage_v) && isNum(t.current_a) && isNum(t.power_w);
  });
}
