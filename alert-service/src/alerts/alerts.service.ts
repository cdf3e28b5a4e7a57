import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AlertRule, Telemetry } from '@energy/contracts';
import { AlertsStore, type AlertRow } from '@energy/db';
import type { Logger, Clock } from '@energy/service-kit';
import type { AlertConfig } from '../config/env';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { DeviceNames } from '../devices/device-names';
import { AlertMetrics } from '../observability/metrics';
import { DeviceQueue } from '../shared/device-queue';
import { NotificationService } from '../notifications/notification.service';
import { type Condition } from '../rules/conditions';
import { RulesService } from '../rules/rules.service';
import { AlertAlreadyClearedError, AlertNotFoundError } from './alert-errors';
import { AlertEventsPublisher } from './alert-events.publisher';
import { headline, messageText, type MessageEvent, type MessageFacts } from './alert-text';

export interface RaiseListener {
  onRaised(alert: AlertRow, rule: AlertRule): Promise<void>;
}

const key = (ruleId: number, deviceId: string) => `${ruleId}:${deviceId}`;

/**
 * The alert lifecycle: active -> acknowledged -> cleared. Keeps the open alerts in memory (reloaded
 * at start, so a restart never raises or sends an open alert again), stores every transition with
 * the reading that caused it, publishes the current state and hands messages to the notifier.
 * Callers run inside the device's queue; acknowledge queues itself.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly open = new Map<string, AlertRow>();
  private readonly raiseListeners: RaiseListener[] = [];

  constructor(
    private readonly repo: AlertsStore,
    private readonly events: AlertEventsPublisher,
    private readonly notifications: NotificationService,
    private readonly rules: RulesService,
    private readonly names: DeviceNames,
    private readonly queue: DeviceQueue,
    private readonly metrics: AlertMetrics,
    @Inject(CONFIG) private readonly config: AlertConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const alert of await this.repo.listOpen()) this.open.set(key(alert.ruleId, alert.deviceId), alert);
    this.logger.info({ open: this.open.size }, 'open alerts reloaded; they will not be sent again');
    this.rules.onDeleted((ruleId) => this.closeForRule(ruleId));
  }

  /** Load shedding registers here, so a raise can cut the load without a dependency cycle. */
  addRaiseListener(listener: RaiseListener): void {
    this.raiseListeners.push(listener);
  }

  openFor(ruleId: number, deviceId: string): AlertRow | undefined {
    return this.open.get(key(ruleId, deviceId));
  }

  openAlerts(): AlertRow[] {
    return [...this.open.values()];
  }

  async raise(rule: AlertRule, deviceId: string, condition: Condition, reading: Telemetry | null): Promise<AlertRow | null> {
    const atMs = this.clock.now();
    const facts = { ...(await this.facts(rule, deviceId, condition.value, condition.threshold, reading?.ts ?? atMs)), detail: condition.detail };
    const alert = await this.repo.insertActive(
      { ruleId: rule.id, deviceId, kind: rule.kind, severity: rule.severity, value: condition.value, threshold: condition.threshold, message: headline('raised', facts) },
      { atMs, value: condition.value, reading },
    );
    if (!alert) {
      // Another process (or a lost in-memory state) already holds the open alert: adopt it, send nothing.
      const existing = (await this.repo.listOpen()).find((a) => a.ruleId === rule.id && a.deviceId === deviceId);
      if (existing) this.open.set(key(rule.id, deviceId), existing);
      return null;
    }
    this.open.set(key(rule.id, deviceId), alert);
    this.metrics.alertsRaised.inc({ kind: rule.kind, severity: rule.severity });
    this.logger.warn({ alertId: alert.id, ruleId: rule.id, deviceId, kind: rule.kind, value: condition.value, threshold: condition.threshold }, 'alert raised');
    this.notifications.notify({ alertId: alert.id, event: 'raised', text: messageText('raised', facts), recipients: rule.recipients });
    for (const listener of this.raiseListeners) {
      await listener.onRaised(alert, rule).catch((err: Error) => this.logger.error({ alertId: alert.id, err: err.message }, 'raise listener failed'));
    }
    // Published once, after load shedding sent its cut, so the retained alert already carries the load_shed it derives.
    const raised = this.raiseListeners.length === 0 ? alert : await this.reread(alert);
    this.open.set(key(rule.id, deviceId), raised);
    this.events.publish(raised, atMs);
    return raised;
  }

  async clear(alert: AlertRow, condition: Pick<Condition, 'value'>, reading: Telemetry | null, opts: { note?: string; notify?: boolean } = {}): Promise<void> {
    const atMs = this.clock.now();
    const cleared = await this.repo.transition(alert.id, ['active', 'acknowledged'], 'cleared', { atMs, value: condition.value, reading, note: opts.note });
    this.open.delete(key(alert.ruleId, alert.deviceId));
    if (!cleared) return;
    this.metrics.alertsCleared.inc({ kind: alert.kind });
    this.logger.info({ alertId: alert.id, deviceId: alert.deviceId, value: condition.value, note: opts.note }, 'alert cleared');
    this.publishWithOthers(cleared, atMs);
    if (opts.notify === false) return;
    const rule = this.rules.find(alert.ruleId);
    const facts = await this.facts(rule, alert.deviceId, condition.value, alert.threshold, reading?.ts ?? atMs, alert.kind);
    this.notifications.notify({ alertId: alert.id, event: 'cleared', text: messageText('cleared', facts), recipients: rule?.recipients ?? [] });
  }

  /** Runs in the device's queue, so an acknowledge and a clear never race. Idempotent. */
  async acknowledge(alertId: number, by?: string): Promise<AlertRow> {
    const found = await this.repo.find(alertId);
    if (!found) throw new AlertNotFoundError(alertId);
    return this.queue.run(found.deviceId, async () => {
      const current = (await this.repo.find(alertId))!;
      if (current.state === 'cleared') throw new AlertAlreadyClearedError(alertId);
      if (current.state === 'acknowledged') return current;
      const atMs = this.clock.now();
      const acked = await this.repo.transition(alertId, ['active'], 'acknowledged', { atMs, value: current.value, reading: null, by, note: by ? `acknowledged by ${by}` : undefined });
      if (!acked) throw new AlertAlreadyClearedError(alertId);
      this.open.set(key(acked.ruleId, acked.deviceId), acked);
      this.logger.info({ alertId, by }, 'alert acknowledged');
      this.events.publish(acked, atMs);
      return acked;
    });
  }

  /** Reminders for alerts still active (not acknowledged) whose rule asks for them. */
  async remindDue(): Promise<void> {
    const now = this.clock.now();
    for (const alert of this.openAlerts()) {
      const rule = this.rules.find(alert.ruleId);
      if (!rule || alert.state !== 'active' || rule.repeatMinutes <= 0) continue;
      if (now - (alert.lastNotifiedMs ?? alert.raisedMs) < rule.repeatMinutes * 60_000) continue;
      await this.queue.run(alert.deviceId, async () => {
        const current = this.openFor(alert.ruleId, alert.deviceId);
        if (!current || current.id !== alert.id || current.state !== 'active') return;
        await this.repo.setLastNotified(alert.id, now);
        this.open.set(key(alert.ruleId, alert.deviceId), { ...current, lastNotifiedMs: now });
        const facts = await this.facts(rule, alert.deviceId, current.value, current.threshold, now);
        this.notifications.notify({ alertId: alert.id, event: 'reminder', text: messageText('reminder' satisfies MessageEvent, facts), recipients: rule.recipients });
      });
    }
  }

  find(alertId: number): Promise<AlertRow | null> {
    return this.repo.find(alertId);
  }

  /**
   * The relay state behind an alert's `loadShed` changed (load shedding keeps it in relay_commands):
   * refresh the cached alert and republish it. Nothing about the alert itself is written.
   */
  async republish(alertId: number): Promise<void> {
    const current = await this.repo.find(alertId);
    if (!current) return;
    if (current.state !== 'cleared') this.open.set(key(current.ruleId, current.deviceId), current);
    this.events.publish(current, this.clock.now());
  }

  /** The alert as stored now; the given one if it cannot be read (the raise is published either way). */
  private async reread(alert: AlertRow): Promise<AlertRow> {
    try {
      return (await this.repo.find(alert.id)) ?? alert;
    } catch (err) {
      this.logger.error({ alertId: alert.id, err: (err as Error).message }, 'could not re-read the raised alert; published without its load-shedding state');
      return alert;
    }
  }

  private closeForRule(ruleId: number): void {
    for (const alert of this.openAlerts().filter((a) => a.ruleId === ruleId)) {
      this.queue.post(alert.deviceId, () => this.clear(alert, { value: alert.value }, null, { note: `rule ${ruleId} deleted`, notify: false }));
    }
  }

  /** The topic retains one message per device: after a clear, re-publish an alert still open on it. */
  private publishWithOthers(alert: AlertRow, atMs: number): void {
    this.events.publish(alert, atMs);
    const stillOpen = this.openAlerts().filter((a) => a.deviceId === alert.deviceId);
    const worst = stillOpen.sort((a, b) => b.raisedMs - a.raisedMs)[0];
    if (worst) this.events.publish(worst, atMs);
  }

  private async facts(rule: AlertRule | undefined, deviceId: string, value: number | null, threshold: number | null, atMs: number, kind = rule?.kind): Promise<MessageFacts> {
    return {
      kind: kind!,
      deviceId,
      deviceName: await this.names.nameOf(deviceId),
      value,
      threshold,
      band: rule?.kind === 'voltage_outside' ? { low: rule.thresholdLow ?? 0, high: rule.threshold } : undefined,
      shedLoad: rule?.shedLoad,
      atMs,
      timeZone: this.config.siteTimeZone,
    };
  }
}

