import mqtt, { type MqttClient } from 'mqtt';
import { ackSchema, DeviceStatus, encodeReading, relayCommandSchema, relayCommandVerdict, topics, type RelayReport, type RelayResult, type RelayState } from '@energy/contracts';
import { LoadModel, ZERO_LOAD, type Measurement } from './load-model';
import { PendingReadings } from './pending-readings';
import { seedFromString } from '@energy/service-kit';

export interface SimulatedDeviceOptions {
  id: string;
  secret?: string;
  url: string;
  intervalMs: number;
  /** The seed's payload: {Voltage, Current} only, no seq, nothing kept for re-sending. */
  legacy?: boolean;
  qos?: 0 | 1;
  /** First seq; defaults to the current time in ms so a restarted simulator never reuses one. */
  seqStart?: number;
  /** Readings held for re-sending (the ESP32 holds an hour at 1 Hz). */
  bufferCapacity?: number;
  /**
   * With no ack progress for this long, unacked readings are re-sent. As on the ESP32
   * (firmware-esp32/lib/delivery/delivery.cpp), the timeout doubles after each such pass, up to
   * `ackTimeoutMaxMs`, until an ack makes progress or the device reconnects.
   */
  ackTimeoutMs?: number;
  ackTimeoutMaxMs?: number;
  /** Re-sends per interval, so catching up never starves the live stream. */
  resendPerTick?: number;
  spikeChancePerSecond?: number;
  /** Send `ts`, as an ESP32 with NTP would. */
  withClock?: boolean;
  /**
   * As an ESP32 before NTP has synced: no wall time, so relay commands are not applied (the device
   * cannot tell how late they are) and reported `no_clock`, as the firmware does.
   */
  clockUnset?: boolean;
  /** How far the device's wall clock is ahead of the real one (negative: behind); for relay commands' expiry and `ts`. */
  clockOffsetMs?: number;
}

export interface DeviceStats {
  published: number;
  resent: number;
  acked: number;
  pending: number;
  dropped: number;
  connected: boolean;
  relay: RelayState;
  /** Relay commands by what the device did with them (issue 16: expired ones are not applied). */
  relayResults: Record<RelayResult, number>;
  /** Relay commands the contract refuses (e.g. without `expires_at`): ignored. */
  badCommands: number;
}

/**
 * One energy meter speaking exactly the firmware's protocol: readings with seq and oldest_seq, kept
 * until an ack covers them, re-sent after a reconnect or an ack timeout; status with a will; a relay
 * that obeys commands before their `expires_at` and reports its state and what it did with each.
 */
export class SimulatedDevice {
  readonly pending: PendingReadings;
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextSeq: number;
  private energyWh = 0;
  private lastSampleMs: number | null = null;
  private relay: RelayState = 'on';
  /** The retained report: the relay's state and what happened to the last command. */
  private relayReport: RelayReport = { state: 'on' };
  private relayResults: Record<RelayResult, number> = { applied: 0, expired: 0, no_clock: 0 };
  private badCommands = 0;
  private lastAckProgressMs = Date.now();
  /** The ack timeout now in force (doubled while acks do not move). */
  private ackTimeoutMs: number;
  /** During a re-send pass: readings last sent at or before this are re-sent, a few per tick. */
  private passCutoffMs: number | null = null;
  private readonly model: LoadModel;
  private counters = { published: 0, resent: 0, acked: 0 };
  private publishing = true;
  /** Every seq this device has published at least once (for exactly-once checks in tests). */
  readonly publishedSeqs = new Set<number>();

  constructor(readonly options: SimulatedDeviceOptions) {
    this.pending = new PendingReadings(options.bufferCapacity ?? 3600);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.nextSeq = options.seqStart ?? Date.now();
    this.model = new LoadModel({ seed: seedFromString(options.id), spikeChancePerSecond: options.spikeChancePerSecond });
  }

  get id(): string {
    return this.options.id;
  }

  get loadModel(): LoadModel {
    return this.model;
  }

  stats(): DeviceStats {
    return {
      ...this.counters,
      pending: this.pending.size,
      dropped: this.pending.dropped,
      connected: this.client?.connected ?? false,
      relay: this.relay,
      relayResults: { ...this.relayResults },
      badCommands: this.badCommands,
    };
  }

  start(): Promise<void> {
    const { id, secret, url } = this.options;
    const client = mqtt.connect(url, {
      clientId: id,
      username: id,
      password: secret,
      clean: true,
      reconnectPeriod: 1_000 + Math.floor(Math.random() * 1_000),
      // As the firmware does: a refused CONNECT ("server unavailable" while the broker's scrypt slots
      // are busy in a reconnect storm) is tried again, not given up on.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      will: { topic: topics.status(id), payload: Buffer.from(DeviceStatus.offline), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      client.publish(topics.status(id), DeviceStatus.online, { qos: 1, retain: true });
      client.publish(topics.relayState(id), JSON.stringify({ ...this.relayReport, state: this.relay }), { qos: 1, retain: true });
      client.subscribe([topics.ack(id), topics.relayCommand(id)], { qos: 1 });
      // Everything unacked is due again on a new connection.
      this.pending.markAllUnsent();
      this.passCutoffMs = null;
      this.ackTimeoutMs = this.options.ackTimeoutMs ?? 10_000;
      this.lastAckProgressMs = Date.now();
    });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('error', () => undefined); // reconnects on its own; stats show the state
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    return new Promise((resolve) => client.once('connect', () => resolve()));
  }

  /** Stops taking new readings but keeps re-sending unacked ones until the bus acks them all. */
  pausePublishing(): void {
    this.publishing = false;
  }

  /** Stops like a power cut when `graceful` is false: no offline message except the broker's will. */
  async stop(graceful = true): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (graceful && client.connected) {
      await client.publishAsync(topics.status(this.id), DeviceStatus.offline, { qos: 1, retain: true }).catch(() => undefined);
      await client.endAsync();
    } else {
      client.stream.destroy();
      await client.endAsync(true);
    }
  }

  /** One reading now (also used by tests that need an exact count). */
  publishReading(nowMs = Date.now()): number | null {
    const m = this.measure(nowMs);
    const client = this.client;
    if (this.options.legacy) {
      client?.publish(topics.reading(this.id), encodeReading({ Voltage: m.voltageV, Current: m.currentA }), { qos: this.options.qos ?? 0 });
      this.counters.published++;
      return null;
    }
    const seq = this.nextSeq++;
    const held = this.pending.oldestSeq();
    const payload = encodeReading({
      seq,
      oldest_seq: held ?? seq,
      ts: this.options.withClock === false ? undefined : nowMs + (this.options.clockOffsetMs ?? 0),
      Voltage: m.voltageV,
      Current: m.currentA,
      power_w: m.powerW,
      apparent_power_va: m.apparentPowerVa,
      power_factor: m.powerFactor,
      energy_wh: this.energyWh,
    });
    this.pending.add(seq, payload, client?.connected ? nowMs : 0);
    this.publishedSeqs.add(seq);
    if (client?.connected) client.publish(topics.reading(this.id), payload, { qos: this.options.qos ?? 0 });
    this.counters.published++;
    return seq;
  }

  private tick(): void {
    const now = Date.now();
    if (this.publishing) this.publishReading(now);
    if (!this.client?.connected || this.options.legacy) return;
    const perTick = this.options.resendPerTick ?? 20;
    if (this.passCutoffMs === null && this.pending.size > 0 && now - this.lastAckProgressMs > this.ackTimeoutMs) {
      // No ack progress for a whole timeout: some publish or ack was lost, so re-send all that is
      // held, then wait twice as long before the next pass, so a fleet whose ingest or database is
      // down does not flood the broker.
      this.passCutoffMs = now - 1;
      this.ackTimeoutMs = Math.min(this.ackTimeoutMs * 2, this.options.ackTimeoutMaxMs ?? 300_000);
    }
    // Outside a pass only readings never sent on this connection are due (after a reconnect).
    const due = this.pending.due(this.passCutoffMs ?? 0, perTick, now);
    for (const entry of due) {
      this.client.publish(topics.reading(this.id), entry.payload, { qos: this.options.qos ?? 0 });
      this.counters.resent++;
    }
    if (this.passCutoffMs !== null && due.length < perTick) {
      this.passCutoffMs = null;
      this.lastAckProgressMs = now; // the timeout runs from the end of a pass
    }
  }

  private measure(nowMs: number): Measurement {
    const m = this.relay === 'off' ? ZERO_LOAD(230) : this.model.sample(nowMs);
    if (this.lastSampleMs !== null) this.energyWh += (m.powerW * (nowMs - this.lastSampleMs)) / 3_600_000;
    this.lastSampleMs = nowMs;
    return m;
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === topics.ack(this.id)) {
      const ack = ackSchema.safeParse(safeJson(payload));
      if (!ack.success) return;
      const released = this.pending.ackThrough(ack.data.seq);
      if (released > 0) {
        this.counters.acked += released;
        this.lastAckProgressMs = Date.now();
        this.ackTimeoutMs = this.options.ackTimeoutMs ?? 10_000;
      }
      return;
    }
    if (topic === topics.relayCommand(this.id)) {
      const command = relayCommandSchema.safeParse(safeJson(payload));
      if (!command.success) {
        this.badCommands++;
        return;
      }
      // As the firmware (relay.cpp): only before expires_at by the device's clock, and never without one.
      const result = relayCommandVerdict(command.data, this.options.clockUnset ? null : Date.now() + (this.options.clockOffsetMs ?? 0));
      this.relayResults[result]++;
      if (result === 'applied') this.relay = command.data.state;
      this.relayReport = { state: this.relay, ...(command.data.cmd_id === undefined ? {} : { cmd_id: command.data.cmd_id }), result };
      this.client?.publish(topics.relayState(this.id), JSON.stringify(this.relayReport), { qos: 1, retain: true });
    }
  }
}

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
