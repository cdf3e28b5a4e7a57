import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { topics, type AlertRule, type RelayCommand, type RelayReport, type RelayState } from '@energy/contracts';
import type { Logger } from '@energy/service-kit';
import type { AlertRow } from '../alerts/alerts.repository';
import { AlertsRepository } from '../alerts/alerts.repository';
import { AlertsService, type RaiseListener } from '../alerts/alerts.service';
import type { AlertConfig } from '../config/env';
import { BusPublisher } from '../core/bus-publisher';
import type { Clock } from '../core/clock';
import { AlertMetrics } from '../core/metrics';
import { ALERT_CONFIG, CLOCK, LOGGER } from '../core/tokens';
import { DeviceQueue } from '../evaluation/device-queue';
import { RulesService } from '../rules/rules.service';
import { RelayCommandsRepository, type RelayCommandRow } from './relay-commands.repository';

/**
 * Automatic load shedding. When a rule marked `shedLoad` raises, the relay-off command goes out on
 * `energy/{id}/cmd/relay` and is recorded. The device's report on `energy/{id}/relay` confirms it;
 * without one, the command is re-sent (SHED_CONFIRM_TIMEOUT_MS, SHED_MAX_ATTEMPTS) and then marked
 * failed. A rule with `shedWindowSeconds` switches the relay back on after that window, like
 * Tasmota's MaxPowerWindow; if the overload returns, the hold starts over and it is cut again.
 */
@Injectable()
export class SheddingService implements RaiseListener, OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly unsettled = new Map<string, RelayCommandRow>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly commands: RelayCommandsRepository,
    private readonly alerts: AlertsService,
    private readonly alertsRepo: AlertsRepository,
    private readonly rules: RulesService,
    private readonly bus: BusPublisher,
    private readonly queue: DeviceQueue,
    private readonly metrics: AlertMetrics,
    @Inject(ALERT_CONFIG) private readonly config: AlertConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.alerts.addRaiseListener(this);
    for (const command of await this.commands.listUnsettled()) this.unsettled.set(command.cmdId, command);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.evaluation.tickMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Called inside the device's queue when an alert is raised. */
  async onRaised(alert: AlertRow, rule: AlertRule): Promise<void> {
    if (!rule.shedLoad) return;
    const reason = `alert ${alert.id}: ${rule.name} (${alert.value ?? '?'} > ${alert.threshold ?? '?'})`.slice(0, 200);
    await this.send(alert.deviceId, 'off', alert.id, `alert-${alert.id}-off`, reason);
    await this.alerts.updateLoadShed(alert.id, 'requested');
  }

  onRelayReport(deviceId: string, report: RelayReport): void {
    this.queue.post(deviceId, async () => {
      const now = this.clock.now();
      for (const command of [...this.unsettled.values()]) {
        if (command.deviceId !== deviceId || command.status !== 'requested' || command.state !== report.state) continue;
        if (report.cmd_id !== undefined && report.cmd_id !== command.cmdId) continue;
        await this.commands.setStatus(command.id, 'confirmed', now);
        this.metrics.relayCommands.inc({ state: command.state, outcome: 'confirmed' });
        this.logger.info({ deviceId, cmdId: command.cmdId, state: command.state }, 'relay state confirmed by the device');
        if (command.state === 'off') {
          this.unsettled.set(command.cmdId, { ...command, status: 'confirmed', confirmedMs: now });
          if (command.alertId !== null) await this.alerts.updateLoadShed(command.alertId, 'confirmed');
        } else {
          this.unsettled.delete(command.cmdId);
        }
      }
    });
  }

  /** Re-sends unconfirmed commands, gives up on them, and re-enables after the window. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const command of [...this.unsettled.values()]) {
      await this.queue
        .run(command.deviceId, async () => {
          if (command.status === 'requested' && now - command.lastSentMs >= this.config.shedding.confirmTimeoutMs) await this.retryOrFail(command, now);
          else if (command.status === 'confirmed' && command.state === 'off') await this.maybeReEnable(command, now);
        })
        .catch((err: Error) => this.logger.error({ cmdId: command.cmdId, err: err.message }, 'load-shedding tick failed'));
    }
  }

  private async retryOrFail(command: RelayCommandRow, now: number): Promise<void> {
    if (command.attempts < this.config.shedding.maxAttempts) {
      await this.commands.resent(command.id, now);
      this.unsettled.set(command.cmdId, { ...command, attempts: command.attempts + 1, lastSentMs: now });
      this.logger.warn({ deviceId: command.deviceId, cmdId: command.cmdId, attempt: command.attempts + 1 }, 'relay command not confirmed, sending again');
      await this.publish(command.deviceId, { state: command.state, cmd_id: command.cmdId, reason: command.reason });
      return;
    }
    await this.commands.setStatus(command.id, 'failed', now);
    this.unsettled.delete(command.cmdId);
    this.metrics.relayCommands.inc({ state: command.state, outcome: 'failed' });
    this.logger.error({ deviceId: command.deviceId, cmdId: command.cmdId, attempts: command.attempts }, 'the device never confirmed the relay command');
    if (command.alertId !== null && command.state === 'off') await this.alerts.updateLoadShed(command.alertId, 'failed');
  }

  private async maybeReEnable(command: RelayCommandRow, now: number): Promise<void> {
    const alert = command.alertId === null ? null : await this.alertsRepo.find(command.alertId);
    const windowS = alert ? this.rules.find(alert.ruleId)?.shedWindowSeconds : null;
    if (!windowS) {
      this.unsettled.delete(command.cmdId); // stays off until someone switches it on
      return;
    }
    if (now - (command.confirmedMs ?? now) < windowS * 1000) return;
    await this.commands.setStatus(command.id, 'restored', now);
    this.unsettled.delete(command.cmdId);
    await this.send(command.deviceId, 'on', command.alertId, `${command.cmdId.replace(/-off$/, '')}-on-${now.toString(36)}`, `re-enable after the ${windowS} s window`);
  }

  private async send(deviceId: string, state: RelayState, alertId: number | null, cmdId: string, reason: string): Promise<void> {
    const row = await this.commands.insert({ cmdId: cmdId.slice(0, 64), deviceId, alertId, state, reason, atMs: this.clock.now() });
    this.unsettled.set(row.cmdId, row);
    this.metrics.relayCommands.inc({ state, outcome: 'sent' });
    this.logger.warn({ deviceId, cmdId: row.cmdId, state, reason }, 'relay command sent');
    await this.publish(deviceId, { state, cmd_id: row.cmdId, reason });
  }

  private async publish(deviceId: string, command: RelayCommand): Promise<void> {
    // Not retained: a device that reconnects hours later must not act on an old cut.
    this.bus.publish(topics.relayCommand(deviceId), command, { qos: 1 }).catch((err: Error) => this.logger.error({ deviceId, err: err.message }, 'could not publish the relay command'));
  }
}
