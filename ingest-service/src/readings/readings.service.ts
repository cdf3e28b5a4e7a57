import { parseReading, parseTopic, REJECTED_PAYLOAD_EXCERPT_BYTES, TopicKind, type RejectCode, type Telemetry } from '@energy/contracts';
import type { InsertOutcome, NewReading, ReadingsRepository } from '@energy/db';
import { RateLimitedLog, type Logger } from '@energy/service-kit';
import type { BusPublisher } from '../bus/bus-publisher';
import type { IngestConfig } from '../config/env';
import type { IngestMetrics } from '../ops/ingest-metrics';
import { AckTracker } from './ack-tracker';
import { BatchWriter } from './batch-writer';
import { DeviceHandover } from './device-handover';
import type { DeviceRegistry } from './device-registry';
import { implausibleReading } from './meter-plausibility';
import { normalizeReading } from './normalize-reading';

/** A reading on its way to storage; `oldestSeq` is what the device still held when it sent it. */
type QueuedReading = NewReading & { oldestSeq?: number };

/**
 * The ingest pipeline: validate, queue, write in batches, and only after a commit acknowledge the
 * devices. Every refusal is counted by reason, logged (rate-limited) and dead-lettered.
 */
export class ReadingsService {
  private readonly acks = new AckTracker();
  /** (device, seq) of every reading in the buffer, so a re-sent copy is not queued twice. */
  private readonly queued = new Set<string>();
  /** Devices are spread over lanes; each lane writes its batches in order, lanes write concurrently. */
  private readonly lanes: BatchWriter[];
  private readonly rejectLog = new RateLimitedLog(10_000);
  private readonly outageLog = new RateLimitedLog(10_000);
  /** Devices that may have been written by another replica since we cached them (shared subscription). */
  private readonly handover = new DeviceHandover();

  constructor(
    private readonly config: Pick<IngestConfig, 'batch' | 'maxPayloadBytes' | 'clock' | 'meter'>,
    private readonly repository: Pick<ReadingsRepository, 'insertBatch' | 'forgetDevice'>,
    private readonly devices: DeviceRegistry,
    private readonly bus: Pick<BusPublisher, 'ack' | 'telemetry' | 'rejected'>,
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
  ) {
    const lanes = config.batch.lanes;
    this.lanes = Array.from(
      { length: lanes },
      () =>
        new BatchWriter(
          { maxRows: config.batch.maxRows, maxMs: config.batch.maxMs, bufferMaxRows: Math.ceil(config.batch.bufferMaxRows / lanes) },
          {
            write: (batch) => {
              for (const deviceId of this.handover.staleIn(batch)) this.repository.forgetDevice(deviceId);
              return this.repository.insertBatch(batch);
            },
            committed: (outcome, _batch, elapsedMs) => this.onCommitted(outcome, elapsedMs),
            failed: (err, attempt, retryInMs) => this.onWriteFailed(err, attempt, retryInMs),
          },
          logger,
        ),
    );
  }

  get buffered(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.size, 0);
  }

  private laneOf(deviceId: string): BatchWriter {
    if (this.lanes.length === 1) return this.lanes[0]!;
    let hash = 0;
    for (let i = 0; i < deviceId.length; i++) hash = (hash * 31 + deviceId.charCodeAt(i)) | 0;
    return this.lanes[Math.abs(hash) % this.lanes.length]!;
  }

  /** Handles one message from `energy/+/reading`. Never throws. */
  async handle(topic: string, payload: Buffer, receivedMs = Date.now()): Promise<void> {
    this.metrics.received.inc();
    const parsedTopic = parseTopic(topic);
    if (!parsedTopic || parsedTopic.kind !== TopicKind.reading) return this.reject(null, 'invalid_field', `topic ${topic} is not energy/{deviceId}/reading`, payload);
    const deviceId = parsedTopic.deviceId;

    const parsed = parseReading(payload, this.config.maxPayloadBytes);
    if (!parsed.ok) return this.reject(deviceId, parsed.code, parsed.reason, payload);
    if (!this.devices.isKnownNow(deviceId) && !(await this.devices.isKnown(deviceId))) {
      return this.reject(deviceId, 'unknown_device', `device ${deviceId} is not provisioned or is revoked`, payload);
    }
    const implausible = implausibleReading(parsed.reading, this.config.meter);
    if (implausible !== null) return this.reject(deviceId, 'invalid_field', implausible, payload);

    const reading: QueuedReading = { ...normalizeReading(deviceId, parsed.reading, receivedMs, this.config.clock), oldestSeq: parsed.reading.oldest_seq };
    const ackedThrough = this.acks.ackedThrough(deviceId);
    if (reading.seq !== null && ackedThrough !== undefined && reading.seq <= ackedThrough) {
      // Already durably stored: the device re-sent because it missed our ack.
      this.metrics.duplicates.inc();
      this.publishAck(deviceId, ackedThrough);
      return;
    }
    const taken = this.handover.observe(deviceId, reading.seq);
    if (taken) this.logger.debug({ deviceId, seq: reading.seq, reason: taken }, 'taking device');
    const key = reading.seq === null ? null : `${deviceId}\u0000${reading.seq}`;
    if (key !== null && this.queued.has(key)) {
      // Already waiting to be written (the device re-sent while the database was slow or down):
      // a second copy would only fill the buffer. The ack follows the commit of the first.
      this.metrics.duplicates.inc();
      return;
    }
    if (!this.laneOf(deviceId).offer(reading)) {
      this.metrics.bufferFull.inc();
      const suppressed = this.outageLog.allow('buffer-full');
      if (suppressed !== null) {
        this.logger.warn({ buffered: this.buffered, suppressed }, 'buffer full: not taking readings; devices keep them until acked');
      }
      return;
    }
    if (key !== null) this.queued.add(key);
    this.metrics.buffered.set(this.buffered);
    this.bus.telemetry(toTelemetry(reading));
  }

  /** Writes everything buffered (graceful shutdown). */
  async drain(deadlineMs?: number): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.drain(deadlineMs)));
  }

  private onCommitted(outcome: InsertOutcome, elapsedMs: number): void {
    this.metrics.stored.inc(outcome.inserted.length);
    this.metrics.duplicates.inc(outcome.duplicates.length);
    this.metrics.batchSeconds.observe(elapsedMs / 1000);
    this.metrics.databaseUp.set(1);
    this.metrics.buffered.set(this.buffered);
    const storedByDevice = new Map<string, Array<{ seq: number; oldestSeq?: number }>>();
    for (const r of [...outcome.inserted, ...outcome.duplicates] as QueuedReading[]) {
      if (r.seq === null) continue;
      this.queued.delete(`${r.deviceId}\u0000${r.seq}`);
      const list = storedByDevice.get(r.deviceId) ?? [];
      list.push({ seq: r.seq, oldestSeq: r.oldestSeq });
      storedByDevice.set(r.deviceId, list);
    }
    // Someone stored these before us: perhaps another replica that had the device, so re-read its last reading.
    for (const deviceId of new Set(outcome.duplicates.map((r) => r.deviceId))) this.repository.forgetDevice(deviceId);
    for (const [deviceId, stored] of storedByDevice) {
      const ack = this.acks.onStored(deviceId, stored);
      if (ack !== null) this.publishAck(deviceId, ack);
    }
  }

  private onWriteFailed(err: unknown, attempt: number, retryInMs: number): void {
    this.metrics.writeFailures.inc();
    this.metrics.databaseUp.set(0);
    const suppressed = this.outageLog.allow('write-failed');
    if (suppressed !== null) {
      this.logger.error(
        { err: (err as Error).message, attempt, retryInMs, buffered: this.buffered, suppressed },
        'batch write failed; keeping the readings and retrying (devices are not acked meanwhile)',
      );
    }
  }

  private publishAck(deviceId: string, seq: number): void {
    this.bus.ack(deviceId, seq);
    this.metrics.acks.inc();
  }

  private reject(deviceId: string | null, code: RejectCode, reason: string, payload: Buffer): void {
    this.metrics.rejected.inc({ reason: code });
    const suppressed = this.rejectLog.allow(`${deviceId}:${code}`);
    if (suppressed !== null) this.logger.warn({ deviceId, code, reason, suppressed }, 'reading rejected');
    if (deviceId === null) return;
    this.bus.rejected({
      device_id: deviceId,
      code,
      reason,
      received_at: Date.now(),
      payload: payload.subarray(0, REJECTED_PAYLOAD_EXCERPT_BYTES).toString('utf8'),
    });
  }
}

function toTelemetry(r: NewReading): Telemetry {
  return {
    device_id: r.deviceId,
    seq: r.seq,
    ts: r.tsMs,
    ts_source: r.tsSource,
    voltage_v: r.voltageV,
    current_a: r.currentA,
    power_w: r.powerW,
    power_kind: r.powerKind,
    apparent_power_va: r.apparentPowerVa,
    power_factor: r.powerFactor,
    energy_wh: r.energyCounterWh,
  };
}
