import { telemetryBatchTopic, telemetryPartitionOf, topics } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import { telemetryJson } from './telemetry-json';

export interface TelemetryStreamOptions {
  /** Partitions of `svc/{partition}/telemetry`; every consumer must agree on nothing but the filter. */
  partitions: number;
  /** A batch is sent at most this long after its first reading was added. */
  windowMs: number;
  /** The broker's payload limit: a batch that would grow past it is sent first. */
  maxBytes: number;
  /** Also publish each reading on `energy/{id}/telemetry` for third-party subscribers. */
  perDeviceTopic: boolean;
}

const OPEN = '{"readings":[';
const CLOSE = ']}';

/**
 * What the ingest tells live consumers about accepted readings. Internal consumers (alert service,
 * gateway live push) read batches: one message per partition per window instead of one per reading,
 * each device's readings in the order they were accepted. The per-device topic stays available for
 * third parties (TELEMETRY_PER_DEVICE), at one more broker message per reading.
 */
export class TelemetryStream {
  private readonly batches: Array<{ items: string[]; bytes: number } | undefined>;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: TelemetryStreamOptions,
    private readonly publish: (topic: string, payload: string) => void,
  ) {
    this.batches = new Array(options.partitions);
  }

  /** An accepted reading, as Telemetry. */
  add(r: NewReading): void {
    const item = telemetryJson(r);
    if (this.options.perDeviceTopic) this.publish(topics.telemetry(r.deviceId), item);
    const partition = telemetryPartitionOf(r.deviceId, this.options.partitions);
    let batch = this.batches[partition];
    // Device ids and every other field are ASCII: characters are bytes.
    if (batch && batch.bytes + item.length + 1 > this.options.maxBytes) {
      this.send(partition);
      batch = undefined;
    }
    if (!batch) {
      batch = { items: [], bytes: OPEN.length + CLOSE.length };
      this.batches[partition] = batch;
    }
    batch.items.push(item);
    batch.bytes += item.length + 1;
    this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
  }

  /** Sends every batch waiting. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (let partition = 0; partition < this.batches.length; partition++) if (this.batches[partition]) this.send(partition);
  }

  private send(partition: number): void {
    const batch = this.batches[partition]!;
    this.batches[partition] = undefined;
    this.publish(telemetryBatchTopic(partition), OPEN + batch.items.join(',') + CLOSE);
  }
}
