import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AlertRule } from '@energy/contracts';
import { RelayCommandsStore, type AlertRow, type RelayCommandRow } from '@energy/db';
import { AlertNotFoundError } from '../alerts/alert-errors';
import { AlertsService, type RaiseListener } from '../alerts/alerts.service';
import { RulesService } from '../rules/rules.service';
import { RelayControlService } from './relay-control.service';

export class NothingToRestoreError extends Error {
  readonly code = 'conflict';
}

/**
 * Automatic load shedding. When a rule marked `shedLoad` raises, the relay-off command goes out
 * through RelayControlService (confirmation, re-sends, expiry, audit). A rule with
 * `shedWindowSeconds` switches the relay back on after that window, like Tasmota's MaxPowerWindow; if
 * the overload returns, the hold starts over and it is cut again. Someone may also switch an alert's
 * shed load back on by hand (`restoreLoad`), through the same path. Shedding's state is its relay
 * commands (relay_commands, each with its alert's id); it never writes the alert: the alert's
 * `loadShed` is derived from those commands, and the alert is republished when one of them ends.
 */
@Injectable()
export class SheddingService implements RaiseListener, OnModuleInit {
  constructor(
    private readonly relays: RelayControlService,
    private readonly commands: RelayCommandsStore,
    private readonly alerts: AlertsService,
    private readonly rules: RulesService,
  ) {}

  onModuleInit(): void {
    this.alerts.addRaiseListener(this);
    this.relays.onConfirmedCut((command, now) => this.maybeReEnable(command, now));
    this.relays.onAlertCommandChanged((alertId) => this.alerts.republish(alertId));
  }

  /**
   * Called inside the device's queue when an alert is raised, before the alert is published: the cut
   * is recorded in relay_commands only, and the alert's `loadShed` (`requested`) is derived from it.
   */
  async onRaised(alert: AlertRow, rule: AlertRule): Promise<void> {
    if (!rule.shedLoad) return;
    const reason = `alert ${alert.id}: ${rule.name} (${alert.value ?? '?'} > ${alert.threshold ?? '?'})`;
    await this.relays.send({ deviceId: alert.deviceId, state: 'off', source: 'load_shed', by: null, alertId: alert.id, reason, cmdId: `alert-${alert.id}-off` });
  }

  /** Switches back on the load an alert shed, by hand (`svc/alert/alerts/restore-load`). */
  async restoreLoad(alertId: number, by: string): Promise<RelayCommandRow> {
    const alert = await this.alerts.find(alertId);
    if (!alert) throw new AlertNotFoundError(alertId);
    const latest = await this.commands.latestForAlert(alertId);
    if (!latest || latest.state !== 'off' || !['requested', 'confirmed', 'failed', 'expired'].includes(latest.status)) {
      throw new NothingToRestoreError(latest ? `alert ${alertId}'s load is already switched back on (${latest.cmdId} ${latest.state}: ${latest.status})` : `alert ${alertId} shed no load`);
    }
    return this.relays.request({ deviceId: alert.deviceId, state: 'on', source: 'alert_restore', by, alertId, reason: `load shed by alert ${alertId} switched back on by ${by}`, restores: latest });
  }

  private async maybeReEnable(command: RelayCommandRow, now: number): Promise<'keep' | 'done'> {
    if (command.state !== 'off') return 'done';
    const alert = command.alertId === null ? null : await this.alerts.find(command.alertId);
    const windowS = alert ? this.rules.find(alert.ruleId)?.shedWindowSeconds : null;
    if (!windowS) return 'done'; // stays off until someone switches it on
    if (now - (command.confirmedMs ?? now) < windowS * 1000) return 'keep';
    await this.relays.markRestored(command, now);
    await this.relays.send({
      deviceId: command.deviceId,
      state: 'on',
      source: 'shed_window',
      by: null,
      alertId: command.alertId,
      reason: `re-enable after the ${windowS} s window`,
      cmdId: `${command.cmdId.replace(/-off$/, '')}-on-${now.toString(36)}`,
    });
    return 'done';
  }
}
