import { deviceStateSchema, parseTopic, TopicKind, topics, type DeviceState, type Telemetry } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import type { HomeAssistantConnection } from './home-assistant.connection';
import type { HomeAssistantRepository } from './home-assistant.repository';

/** An alert event's state publish waits this long for more events (the alert and its delivery come in quick succession). */
export const ALERT_FLUSH_DELAY_MS = 200;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * kWh with 3 decimals (whole Wh), rounded down: a total that floating-point noise moves by a millionth
 * of a Wh across a boundary must not read 0.001 kWh more one time and less the next.
 */
export const lifetimeKwh = (wh: number): number => Math.floor(Math.max(0, wh) + 1e-6) / 1000;

/**
 * Publishes `energy/{deviceId}/state` (retained): the latest reading's power, voltage, current and
 * power factor, the lifetime energy from the rollups and the alert state. A device with new readings
 * is published at most once per interval; an alert event publishes its device at once.
 * The energy published for a device never decreases, also across a gateway restart: the last value
 * retained on the broker is read back at start and is the floor.
 */
export class StatePublisher {
  private readonly latest = new Map<string, Telemetry>();
  private readonly dirty = new Set<string>();
  /** Devices revoked or deleted: their state was cleared and is not published again unless they come back. */
  private readonly gone = new Set<string>();
  /** The highest energy published (or found retained) per device, kWh. */
  private readonly floorKwh = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private alertTimer?: NodeJS.Timeout;
  private flushing = false;
  private flushAgain = false;

  constructor(
    private readonly repository: HomeAssistantRepository,
    private readonly connection: HomeAssistantConnection,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.alertTimer);
  }

  onReading(reading: Telemetry): void {
    if (this.gone.has(reading.device_id)) return;
    const previous = this.latest.get(reading.device_id);
    if (previous && previous.ts > reading.ts) return;
    this.latest.set(reading.device_id, reading);
    this.dirty.add(reading.device_id);
  }

  /** Something changed that the state shows (a device provisioned). */
  markDirty(deviceId: string): void {
    if (!this.gone.has(deviceId)) this.dirty.add(deviceId);
  }

  /** An alert event: the device's state goes out at once (within ALERT_FLUSH_DELAY_MS, so a burst of events is one publish). */
  onAlertEvent(deviceId: string): void {
    this.markDirty(deviceId);
    if (this.alertTimer) return;
    this.alertTimer = setTimeout(() => {
      this.alertTimer = undefined;
      void this.flush();
    }, ALERT_FLUSH_DELAY_MS);
    this.alertTimer.unref();
  }

  /** A device whose configs were (re)published: it has a state again. */
  activate(deviceId: string): void {
    this.gone.delete(deviceId);
    this.dirty.add(deviceId);
  }

  /** A device that left (revoked, deleted): its retained state is cleared and it is published no more. */
  async remove(deviceId: string): Promise<void> {
    this.gone.add(deviceId);
    this.latest.delete(deviceId);
    this.dirty.delete(deviceId);
    await this.connection.publishRetained(topics.state(deviceId), '');
  }

  /** A retained state of ours seen on the broker (at start): its energy is the floor from now on. */
  observe(topic: string, payload: Buffer): boolean {
    const parsed = parseTopic(topic);
    if (!parsed || parsed.kind !== TopicKind.state) return false;
    if (payload.length === 0) return true;
    try {
      const state = deviceStateSchema.safeParse(JSON.parse(payload.toString('utf8')));
      if (state.success) this.floorKwh.set(parsed.deviceId, Math.max(this.floorKwh.get(parsed.deviceId) ?? 0, state.data.energy_kwh));
    } catch {
      // not ours or not JSON: nothing to learn
    }
    return true;
  }

  /** Publishes every dirty device's state now. */
  async flush(): Promise<number> {
    if (this.flushing) {
      this.flushAgain = true; // e.g. an alert event during a flush: go again right after it
      return 0;
    }
    if (this.dirty.size === 0 || !this.connection.connected) return 0;
    this.flushing = true;
    const ids = [...this.dirty];
    this.dirty.clear();
    try {
      const [wh, alerts] = await Promise.all([this.repository.lifetimeWh(ids), this.repository.alertStates(ids)]);
      let published = 0;
      for (const id of ids) {
        if (this.gone.has(id)) continue; // removed while this flush read the database
        const reading = this.latest.get(id);
        const kwh = Math.max(this.floorKwh.get(id) ?? 0, lifetimeKwh(wh.get(id) ?? 0));
        this.floorKwh.set(id, kwh);
        const state: DeviceState = {
          ts: reading ? reading.ts : this.now(),
          power_w: reading ? round(reading.power_w, 1) : null,
          voltage_v: reading ? round(reading.voltage_v, 2) : null,
          current_a: reading ? round(reading.current_a, 3) : null,
          power_factor: reading && reading.power_factor !== null ? round(reading.power_factor, 3) : null,
          energy_kwh: kwh,
          alert: alerts.get(id) ?? 'none',
        };
        await this.connection.publishRetained(topics.state(id), JSON.stringify(state));
        published++;
      }
      return published;
    } catch (err) {
      // Try these devices again at the next tick.
      for (const id of ids) this.dirty.add(id);
      this.logger.warn({ err: (err as Error).message, devices: ids.length }, 'home assistant state not published');
      return 0;
    } finally {
      this.flushing = false;
      if (this.flushAgain) {
        this.flushAgain = false;
        void this.flush();
      }
    }
  }
}
