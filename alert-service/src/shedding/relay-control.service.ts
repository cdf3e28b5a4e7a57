import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { topics, type RelayCommand, type RelayReport, type RelaySource, type RelayState } from '@energy/contracts';
import { RelayCommandsStore, type RelayCommandRow } from '@energy/db';
import { type Logger, BusPublisher, type Clock } from '@energy/service-kit';
import { randomBytes } from 'node:crypto';
import type { AlertConfig } from '../config/env';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { AlertMetrics } from '../observability/metrics';
import { DeviceQueue } from '../shared/device-queue';

export interface RelaySend {
  deviceId: string;
  state: RelayState;
  source: RelaySource;
  /** Who asked (`api:…`, `mqtt:{account}`); null for the service's own decisions. */
  by: string | null;
  alertId: number | null;
  reason: string;
  cmdId?: string;
  /** The confirmed cut this `on` ends (an alert's undo), marked restored even if no longer remembered. */
  restores?: RelayCommandRow;
}

/** Decides what to do with a confirmed cut that is still remembered (load shedding's window). */
export type ConfirmedCutHandler = (command: RelayCommandRow, now: number) => Promise<'keep' | 'done'>;

/** Told when a command sent for an alert ends in a way its `loadShed` shows (confirmed, failed, expired). */
export type AlertCommandListener = (alertId: number) => Promise<void>;

/**
 * The one path every relay command takes, whoever asked (load shedding, the API, an alert's undo, a
 * third-party tool): recorded with its source and requester, sent on `energy/{id}/cmd/relay` with
 * `issued_at` and `expires_at` (RELAY_COMMAND_TTL_MS), confirmed by the device's report, re-sent while
 * unconfirmed (SHED_CONFIRM_TIMEOUT_MS, at most SHED_MAX_ATTEMPTS sends), and ended:
 * - `confirmed` when the device reports the state for it;
 * - `expired` when the device reports it refused the command as too late (its state is recorded);
 * - `failed` once `expires_at` has passed without a confirmation: from then on no device acts on it,
 *   so the outcome is final, and the state the device last reported is recorded beside it;
 * - `superseded` when a newer command for the same relay is sent.
 * A device applies a command only before its `expires_at` (firmware-esp32 relay.cpp, the simulator),
 * so a cut can no longer act hours late on a device that comes back after an outage.
 */
@Injectable()
export class RelayControlService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly unsettled = new Map<string, RelayCommandRow>();
  /** What each device last reported its relay to be (the retained `energy/{id}/relay`). */
  private readonly reported = new Map<string, RelayState>();
  private confirmedCutHandler: ConfirmedCutHandler = async () => 'done';
  private alertCommandListener: AlertCommandListener = async () => undefined;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly commands: RelayCommandsStore,
    private readonly bus: BusPublisher,
    private readonly queue: DeviceQueue,
    private readonly metrics: AlertMetrics,
    @Inject(CONFIG) private readonly config: AlertConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const command of await this.commands.listUnsettled()) this.unsettled.set(command.cmdId, command);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.evaluation.tickMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Load shedding decides when a confirmed cut ends (its window). */
  onConfirmedCut(handler: ConfirmedCutHandler): void {
    this.confirmedCutHandler = handler;
  }

  /** Load shedding republishes the alert whose commands changed (its `loadShed` is derived from them). */
  onAlertCommandChanged(listener: AlertCommandListener): void {
    this.alertCommandListener = listener;
  }

  get ttlMs(): number {
    return this.config.relay.commandTtlMs;
  }

  reportedState(deviceId: string): RelayState | null {
    return this.reported.get(deviceId) ?? null;
  }

  /** Queues a send in the device's queue (requests from outside: the API, an alert's undo, MQTT). */
  request(send: RelaySend): Promise<RelayCommandRow> {
    return this.queue.run(send.deviceId, () => this.send(send));
  }

  /** Sends a command; call inside the device's queue. Older unsettled commands of the relay are superseded. */
  async send(s: RelaySend): Promise<RelayCommandRow> {
    const now = this.clock.now();
    if (s.restores?.status === 'confirmed' && !this.unsettled.has(s.restores.cmdId)) await this.commands.setStatus(s.restores.id, 'restored', now);
    for (const older of [...this.unsettled.values()].filter((c) => c.deviceId === s.deviceId)) {
      // An `on` after a confirmed cut restores the load; anything else replaces what was asked before.
      const outcome = older.status === 'confirmed' && older.state === 'off' && s.state === 'on' ? 'restored' : 'superseded';
      await this.commands.setStatus(older.id, outcome, now);
      this.unsettled.delete(older.cmdId);
      this.metrics.relayCommands.inc({ state: older.state, outcome });
      this.logger.info({ deviceId: s.deviceId, cmdId: older.cmdId, outcome }, `relay command ${outcome} by a newer one`);
    }
    const cmdId = (s.cmdId ?? `${s.source.replace('_', '-')}-${now.toString(36)}-${randomBytes(3).toString('hex')}`).slice(0, 64);
    const row = await this.commands.insert({
      cmdId,
      deviceId: s.deviceId,
      alertId: s.alertId,
      state: s.state,
      reason: s.reason.slice(0, 200),
      atMs: now,
      expiresMs: now + this.ttlMs,
      source: s.source,
      requestedBy: s.by,
    });
    this.unsettled.set(row.cmdId, row);
    this.metrics.relayCommands.inc({ state: s.state, outcome: 'sent' });
    this.logger.warn({ deviceId: s.deviceId, cmdId: row.cmdId, state: s.state, source: s.source, by: s.by, reason: row.reason, expiresAt: row.expiresMs }, 'relay command sent');
    await this.publish(row);
    return row;
  }

  /** The device's report on `energy/{id}/relay`. */
  onRelayReport(deviceId: string, report: RelayReport): void {
    this.queue.post(deviceId, async () => {
      this.reported.set(deviceId, report.state);
      const now = this.clock.now();
      let matched = false;
      for (const command of [...this.unsettled.values()]) {
        if (command.deviceId !== deviceId || command.status !== 'requested') continue;
        if (report.cmd_id !== undefined && report.cmd_id !== command.cmdId) continue;
        if (report.result === 'expired' && report.cmd_id !== undefined) {
          matched = true;
          await this.end(command, 'expired', now, report.state);
        } else if (report.result === 'no_clock' && report.cmd_id !== undefined) {
          matched = true;
          this.metrics.relayCommands.inc({ state: command.state, outcome: 'no_clock' });
          this.logger.warn({ deviceId, cmdId: command.cmdId }, 'the device has no valid clock yet and did not act on the relay command; it is sent again until it expires');
        } else if (report.state === command.state && report.result !== 'expired' && report.result !== 'no_clock') {
          matched = true;
          await this.confirm(command, now);
        }
      }
      if (!matched && report.cmd_id !== undefined && (report.result ?? 'applied') === 'applied') await this.lateConfirmation(deviceId, report.cmd_id, report.state, now);
    });
  }

  /** Re-sends unconfirmed commands, ends the expired ones, and lets load shedding end its cuts. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const command of [...this.unsettled.values()]) {
      await this.queue
        .run(command.deviceId, async () => {
          const current = this.unsettled.get(command.cmdId);
          if (!current) return;
          if (current.status === 'requested') await this.retryOrFail(current, now);
          else if (current.status === 'confirmed' && (await this.confirmedCutHandler(current, now)) === 'done') this.unsettled.delete(current.cmdId);
        })
        .catch((err: Error) => this.logger.error({ cmdId: command.cmdId, err: err.message }, 'relay command tick failed'));
    }
  }

  /** A confirmed cut that ends (switched back on): it stays on record as restored. */
  async markRestored(command: RelayCommandRow, now: number): Promise<void> {
    await this.commands.setStatus(command.id, 'restored', now);
    this.unsettled.delete(command.cmdId);
  }

  private expiresAt(command: RelayCommandRow): number {
    return command.expiresMs ?? command.requestedMs + this.ttlMs;
  }

  private async retryOrFail(command: RelayCommandRow, now: number): Promise<void> {
    if (now >= this.expiresAt(command)) return this.end(command, 'failed', now, this.reported.get(command.deviceId) ?? null);
    if (now - command.lastSentMs < this.config.shedding.confirmTimeoutMs || command.attempts >= this.config.shedding.maxAttempts) return;
    await this.commands.resent(command.id, now);
    const updated = { ...command, attempts: command.attempts + 1, lastSentMs: now };
    this.unsettled.set(command.cmdId, updated);
    this.logger.warn({ deviceId: command.deviceId, cmdId: command.cmdId, attempt: updated.attempts }, 'relay command not confirmed, sending again');
    await this.publish(updated);
  }

  private async confirm(command: RelayCommandRow, now: number): Promise<void> {
    await this.commands.setStatus(command.id, 'confirmed', now);
    this.metrics.relayCommands.inc({ state: command.state, outcome: 'confirmed' });
    this.logger.info({ deviceId: command.deviceId, cmdId: command.cmdId, state: command.state }, 'relay state confirmed by the device');
    if (command.state === 'off' && command.alertId !== null) {
      // A load-shed cut stays in hand: its rule's window may switch the load back on.
      this.unsettled.set(command.cmdId, { ...command, status: 'confirmed', confirmedMs: now });
      await this.alertCommandListener(command.alertId);
    } else if (command.state === 'off') {
      // A manual cut is settled once confirmed: it stays off until someone asks for on, whenever the next tick runs.
      this.unsettled.delete(command.cmdId);
    } else {
      this.unsettled.delete(command.cmdId);
      if (command.alertId !== null) await this.alertCommandListener(command.alertId);
    }
  }

  /** failed: never confirmed before it expired; expired: the device refused it as too late. */
  private async end(command: RelayCommandRow, outcome: 'failed' | 'expired', now: number, reportedState: RelayState | null): Promise<void> {
    await this.commands.setStatus(command.id, outcome, now, reportedState);
    this.unsettled.delete(command.cmdId);
    this.metrics.relayCommands.inc({ state: command.state, outcome });
    const relay = reportedState === null ? 'unknown (the device never reported it)' : reportedState;
    this.logger.error(
      { deviceId: command.deviceId, cmdId: command.cmdId, state: command.state, attempts: command.attempts, outcome, relay: reportedState },
      outcome === 'expired'
        ? `the device refused the relay command as too late; the relay stays ${relay}`
        : `the device never confirmed the relay command before it expired; the relay is ${relay}`,
    );
    if (command.alertId !== null && command.state === 'off') await this.alertCommandListener(command.alertId);
  }

  /**
   * The device reports it applied a command the service had marked failed (its report was lost or
   * came after the expiry on the service's clock): the record and the alert say what really happened,
   * and a cut is handled again like any confirmed one (its window, an undo).
   */
  private async lateConfirmation(deviceId: string, cmdId: string, state: RelayState, now: number): Promise<void> {
    const command = await this.commands.findByCmdId(cmdId);
    if (!command || command.deviceId !== deviceId || command.state !== state || command.status !== 'failed') return;
    this.logger.warn({ deviceId, cmdId, state }, 'the device reports it applied a relay command marked failed: recorded as confirmed');
    await this.confirm(command, now);
  }

  private async publish(c: RelayCommandRow): Promise<void> {
    const command: RelayCommand = { state: c.state, cmd_id: c.cmdId, reason: c.reason, issued_at: c.requestedMs, expires_at: this.expiresAt(c) };
    // Not retained, and it expires: a device that reconnects hours later must not act on an old cut.
    this.bus.publish(topics.relayCommand(c.deviceId), command, { qos: 1 }).catch((err: Error) => this.logger.error({ deviceId: c.deviceId, err: err.message }, 'could not publish the relay command'));
  }
}
