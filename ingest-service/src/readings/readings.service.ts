import { parseReading, parseTopic, REJECTED_PAYLOAD_EXCERPT_BYTES, TopicKind, type Reading, type RejectCode } from '@energy/contracts';
import type { NewReading } from '@energy/db';
import { differingFields, type InsertOutcome, type ReadingsRepository } from './store';
import { RateLimitedLog, type Logger } from '@energy/service-kit';
import type { BusPublisher } from '../bus/bus-publisher';
import type { IngestConfig } from '../config/env';
import type { IngestMetrics } from '../ops/ingest-metrics';
import { AckCoalescer } from './ack-coalescer';
import { AckTracker, type KeptSeq } from './ack-tracker';
import { BatchWriter } from './batch-writer';
import { DeviceHandover } from './device-handover';
import type { DeviceRegistry } from './device-registry';
import { implausibleReading } from './meter-plausibility';
import { normalizeReading } from './normalize-reading';
import { SeqJumpGuard } from './seq-jump-guard';

/**
 * The ingest pipeline: validate, queue, write in batches, and only after a commit acknowledge the
 * devices. Every refusal is counted by reason, logged (rate-limited) and dead-lettered.
 */
export class ReadingsService {
  private readonly acks = new AckTracker();
  /** At most one ack per device per ACK_WINDOW_MS; acks are cumulative, so the latest says it all. */
  private readonly ackOut: AckCoalescer;
  /** Every sequenced reading in the buffer by device and seq, so a re-sent copy is not queued twice. */
  private readonly queued = new Map<string, Map<number, NewReading>>();
  /** Devices are spread over lanes; each lane writes its batches in order, lanes write concurrently. */
  private readonly lanes: BatchWriter[];
  private readonly rejectLog = new RateLimitedLog(10_000);
  private readonly outageLog = new RateLimitedLog(10_000);
  private readonly seqLog = new RateLimitedLog(10_000);
  /** Devices that may have been written by another replica since we cached them (shared subscription). */
  private readonly handover = new DeviceHandover();
  /** A seq (and so an oldest_seq) far above the device's own is refused: it would move the ack to it (issue 16). */
  private readonly seqJumps: SeqJumpGuard;

  constructor(
    private readonly config: Pick<IngestConfig, 'batch' | 'maxPayloadBytes' | 'clock' | 'meter' | 'ackWindowMs' | 'maxSeqJump'>,
    private readonly repository: Pick<ReadingsRepository, 'insertBatch' | 'forgetDevice'>,
    private readonly devices: DeviceRegistry,
    private readonly bus: Pick<BusPublisher, 'ack' | 'telemetry' | 'rejected'>,
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
  ) {
    this.seqJumps = new SeqJumpGuard(config.maxSeqJump);
    this.ackOut = new AckCoalescer(
      config.ackWindowMs,
      (deviceId, seq) => this.publishAck(deviceId, seq),
      (deviceId, seq) => this.acks.vouchesFor(deviceId, seq),
    );
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

  /**
   * Handles one message from `energy/+/reading`. Never throws. Synchronous for a known device (the hot
   * path allocates no promise); a device not known yet waits for its lookup, and so do the readings
   * that arrive meanwhile (DeviceRegistry), so they stay in order.
   */
  handle(topic: string, payload: Buffer, receivedMs = Date.now()): Promise<void> | void {
    this.metrics.received.inc();
    const parsedTopic = parseTopic(topic);
    if (!parsedTopic || parsedTopic.kind !== TopicKind.reading) return this.reject(null, 'invalid_field', `topic ${topic} is not energy/{deviceId}/reading`, payload);
    const deviceId = parsedTopic.deviceId;

    const parsed = parseReading(payload, this.config.maxPayloadBytes);
    if (!parsed.ok) return this.reject(deviceId, parsed.code, parsed.reason, payload);
    if (this.devices.isKnownNow(deviceId)) return this.accept(deviceId, parsed.reading, payload, receivedMs);
    return this.devices.isKnown(deviceId).then(
      (known) => {
        if (known) this.accept(deviceId, parsed.reading, payload, receivedMs);
        else this.reject(deviceId, 'unknown_device', `device ${deviceId} is not provisioned or is revoked`, payload);
      },
      (err: unknown) => this.logger.error({ err: (err as Error).message, deviceId }, 'device lookup failed; the reading is not taken (the device re-sends it)'),
    );
  }

  private accept(deviceId: string, payloadReading: Reading, payload: Buffer, receivedMs: number): void {
    const implausible = implausibleReading(payloadReading, this.config.meter);
    if (implausible !== null) return this.reject(deviceId, 'invalid_field', implausible, payload);
    const jump = payloadReading.seq === undefined ? null : this.seqJumps.check(deviceId, payloadReading.seq);
    if (jump !== null) return this.reject(deviceId, 'seq_jump', jump, payload);

    const reading = normalizeReading(deviceId, payloadReading, receivedMs, this.config.clock);
    // No ack from memory here, even for a seq at or below the device's ack: a device that lost its seq
    // reservation re-uses seqs (issue 13), so every reading goes to storage, which verifies it.
    if (reading.seq !== null) {
      this.acks.observeClaim(deviceId, payloadReading.oldest_seq);
      this.ackOut.arrived(deviceId, reading.seq);
    }
    const taken = this.handover.observe(deviceId, reading.seq);
    if (taken) this.logger.debug({ deviceId, seq: reading.seq, reason: taken }, 'taking device');
    let queuedOfDevice = this.queued.get(deviceId);
    const waiting = reading.seq === null ? undefined : queuedOfDevice?.get(reading.seq);
    if (waiting && differingFields(waiting, reading).length === 0) {
      // Already waiting to be written (the device re-sent while the database was slow or down):
      // a second copy would only fill the buffer. The ack follows the commit of the first.
      // (A different reading under that seq is queued too; storage quarantines it.)
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
    if (reading.seq !== null && !waiting) {
      if (!queuedOfDevice) this.queued.set(deviceId, (queuedOfDevice = new Map()));
      queuedOfDevice.set(reading.seq, reading);
    }
    // (ingest_buffered_readings is set at each commit, not for every reading.)
    this.bus.telemetry(reading);
  }

  /** Writes everything buffered and sends the acks held back (graceful shutdown). */
  async drain(deadlineMs?: number): Promise<void> {
    try {
      await Promise.all(this.lanes.map((lane) => lane.drain(deadlineMs)));
    } finally {
      this.ackOut.close();
    }
  }

  private onCommitted(outcome: InsertOutcome, elapsedMs: number): void {
    this.metrics.stored.inc(outcome.inserted.length);
    this.metrics.duplicates.inc(outcome.duplicates.length);
    this.metrics.batchSeconds.observe(elapsedMs / 1000);
    this.metrics.databaseUp.set(1);
    this.metrics.buffered.set(this.buffered);
    for (const conflict of outcome.conflicts) this.onSeqConflict(conflict.reading, conflict.reason);
    for (const r of outcome.outOfPlace) this.onOutOfPlace(r);
    // Stored, verified to be the reading stored (or quarantined) before, or quarantined now: all kept.
    const keptByDevice = new Map<string, KeptSeq[]>();
    // A batch comes back grouped by device: look the device's list up once per run of its readings.
    let lastDevice: string | null = null;
    let lastList: KeptSeq[] = [];
    let lastQueued: Map<number, NewReading> | undefined;
    const kept = (r: NewReading, verified: boolean) => {
      if (r.seq === null) return;
      if (r.deviceId !== lastDevice) {
        lastDevice = r.deviceId;
        lastList = keptByDevice.get(r.deviceId) ?? [];
        if (lastList.length === 0) keptByDevice.set(r.deviceId, lastList);
        lastQueued = this.queued.get(r.deviceId);
      }
      lastQueued?.delete(r.seq);
      lastList.push({ seq: r.seq, verified });
    };
    for (const r of outcome.inserted) kept(r, false);
    for (const c of outcome.conflicts) kept(c.reading, false);
    for (const r of outcome.duplicates) kept(r, true);
    // Someone stored these before us: perhaps another replica that had the device, so re-read its last reading.
    for (const deviceId of new Set(outcome.duplicates.map((r) => r.deviceId))) this.repository.forgetDevice(deviceId);
    for (const [deviceId, seqs] of keptByDevice) {
      const ack = this.acks.onKept(deviceId, seqs);
      if (ack !== null) this.ackOut.offer(deviceId, ack);
    }
  }

  /** A seq re-used for another reading: counted, logged and dead-lettered; the reading itself is kept in quarantine. */
  private onSeqConflict(r: NewReading, reason: string): void {
    this.metrics.seqConflicts.inc();
    const suppressed = this.seqLog.allow(`${r.deviceId}:conflict`);
    if (suppressed !== null) this.logger.warn({ deviceId: r.deviceId, seq: r.seq, reason, suppressed }, 'seq conflict: reading kept in quarantine');
    this.bus.rejected({ device_id: r.deviceId, code: 'seq_conflict', reason, received_at: r.receivedMs, payload: payloadOf(r) });
  }

  /** A late reading that does not fit between its seq neighbours: stored at its time, without touching old energy. */
  private onOutOfPlace(r: NewReading): void {
    this.metrics.outOfPlace.inc();
    const suppressed = this.seqLog.allow(`${r.deviceId}:out-of-place`);
    if (suppressed !== null) {
      this.logger.warn({ deviceId: r.deviceId, seq: r.seq, ts: r.tsMs, suppressed }, 'late reading does not fit between its seq neighbours (a re-used seq): stored without energy');
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

/** The reading as the ingest understood it, in payload names (the raw bytes are not kept once queued). */
function payloadOf(r: NewReading): string {
  return JSON.stringify({
    seq: r.seq,
    ts: r.tsMs,
    Voltage: r.voltageV,
    Current: r.currentA,
    power_w: r.powerW,
    apparent_power_va: r.apparentPowerVa,
    power_factor: r.powerFactor,
    energy_wh: r.energyCounterWh,
    meter_boot: r.meterBoot ?? undefined,
    meter_wh: r.meterWh ?? undefined,
  });
}
