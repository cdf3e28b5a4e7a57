import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AlertRule, DeviceStatus, FindingMessage, Telemetry } from '@energy/contracts';
import type { Logger, Clock } from '@energy/service-kit';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertConfig } from '../config/env';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { DeviceNames } from '../devices/device-names';
import { AlertMetrics } from '../observability/metrics';
import { evaluateDailyEnergy, evaluateFinding, evaluateReading, evaluateSilence, type Condition } from '../rules/conditions';
import { RulesService } from '../rules/rules.service';
import { DailyEnergyRepository, localDate } from './daily-energy.repository';
import { DeviceQueue } from '../shared/device-queue';
import { HoldTracker, trackerKey } from './hold-tracker';

interface DeviceLiveness {
  /** Wall-clock time of the last reading (or of service start for devices not heard from yet). */
  lastReadingAtMs: number;
  lastTs: number;
  lastSeq: number | null;
  reportedOffline: boolean;
}

/**
 * Runs every rule against every event, per device and in order (see DeviceQueue). Reading rules use
 * the reading's own timestamp for the hold time, so a batch delivered late is judged by when it was
 * measured; offline, daily energy and reminders run on the service clock.
 */
@Injectable()
export class EvaluationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly devices = new Map<string, DeviceLiveness>();
  private readonly holds = new HoldTracker();
  /** unusual_consumption: when each (rule, device)'s latest finding was heard of (service clock). */
  private readonly lastFindingAt = new Map<string, number>();
  private tickTimer?: NodeJS.Timeout;
  private energyTimer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly rules: RulesService,
    private readonly alerts: AlertsService,
    private readonly queue: DeviceQueue,
    private readonly energy: DailyEnergyRepository,
    private readonly names: DeviceNames,
    private readonly metrics: AlertMetrics,
    @Inject(CONFIG) private readonly config: AlertConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // A changed rule starts its hold afresh; its open alerts stay and clear by the new thresholds.
    this.rules.onChanged((ruleId) => this.holds.reset((key) => key.startsWith(`${ruleId}:`)));
  }

  async onApplicationBootstrap(): Promise<void> {
    const now = this.clock.now();
    for (const id of await this.names.knownDeviceIds().catch(() => [])) this.liveness(id, now);
    for (const alert of this.alerts.openAlerts()) {
      this.liveness(alert.deviceId, now);
      // After a restart an open unusual_consumption alert gets the full time to hear its finding again.
      if (alert.kind === 'unusual_consumption') this.lastFindingAt.set(trackerKey(alert.ruleId, alert.deviceId), now);
    }
    this.tickTimer = setInterval(() => void this.tick(), this.config.evaluation.tickMs);
    this.energyTimer = setInterval(() => void this.checkDailyEnergy(), this.config.evaluation.dailyEnergyCheckMs);
    this.tickTimer.unref();
    this.energyTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.tickTimer);
    clearInterval(this.energyTimer);
    await this.queue.drain();
  }

  onTelemetry(reading: Telemetry): void {
    this.queue.post(reading.device_id, () => this.evaluateReading(reading));
  }

  /** A finding of the analytics service (new or grown), for the unusual_consumption rules. */
  onFinding(finding: FindingMessage): void {
    this.queue.post(finding.device_id, () => this.evaluateFinding(finding));
  }

  onStatus(deviceId: string, status: DeviceStatus): void {
    this.queue.post(deviceId, async () => {
      const device = this.liveness(deviceId, this.clock.now());
      device.reportedOffline = status === 'offline';
      await this.evaluateSilence(deviceId);
    });
  }

  /** Offline checks for every known device, reminders; the load-shedding tick is separate. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await Promise.all([...this.devices.keys()].map((id) => this.queue.run(id, () => this.evaluateSilence(id))));
      await this.clearEndedFindings();
      await this.alerts.remindDue();
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'evaluation tick failed');
    } finally {
      this.ticking = false;
    }
  }

  async checkDailyEnergy(): Promise<void> {
    const rules = this.rules.all().filter((r) => r.enabled && r.kind === 'daily_energy_above');
    if (rules.length === 0) return;
    const today = localDate(this.clock.now(), this.config.siteTimeZone);
    for (const deviceId of this.devices.keys()) {
      const applicable = rules.filter((r) => r.deviceId === null || r.deviceId === deviceId);
      if (applicable.length === 0) continue;
      await this.queue.run(deviceId, async () => {
        const wh = await this.energy.energyWh(deviceId, today);
        for (const rule of applicable) await this.apply(rule, deviceId, evaluateDailyEnergy(rule, wh), this.clock.now(), null, 'daily_energy');
      }).catch((err: Error) => this.logger.error({ deviceId, err: err.message }, 'daily energy check failed'));
    }
  }

  private async evaluateReading(reading: Telemetry): Promise<void> {
    const now = this.clock.now();
    const device = this.liveness(reading.device_id, now);
    device.lastReadingAtMs = now;
    device.reportedOffline = false;
    if (reading.ts < device.lastTs || (reading.seq !== null && reading.seq === device.lastSeq)) return; // redelivery or out of order
    if (now - reading.ts > this.config.evaluation.staleReadingMs) {
      this.logger.debug({ deviceId: reading.device_id, ts: reading.ts }, 'stale reading (a replayed backlog) is history, not evaluated');
      return;
    }
    device.lastTs = reading.ts;
    device.lastSeq = reading.seq;
    for (const rule of this.rules.forDevice(reading.device_id)) {
      const condition = rule.kind === 'offline' ? evaluateSilence(rule, 0, false) : evaluateReading(rule, reading);
      if (condition) await this.apply(rule, reading.device_id, condition, reading.ts, reading, 'reading');
    }
  }

  /**
   * The hold is the finding's own duration (it has lasted that long when the service reports it), so
   * a breach raises at once; missing data never makes a finding, so it never raises one either.
   */
  private async evaluateFinding(finding: FindingMessage): Promise<void> {
    const now = this.clock.now();
    for (const rule of this.rules.forDevice(finding.device_id).filter((r) => r.kind === 'unusual_consumption')) {
      this.metrics.evaluations.inc({ source: 'finding' });
      const condition = evaluateFinding(rule, finding);
      const key = trackerKey(rule.id, finding.device_id);
      if (this.alerts.openFor(rule.id, finding.device_id)) this.lastFindingAt.set(key, now);
      else if (condition.verdict === 'breach') {
        this.lastFindingAt.set(key, now);
        await this.alerts.raise(rule, finding.device_id, condition, null);
      }
    }
  }

  private async clearEndedFindings(): Promise<void> {
    const now = this.clock.now();
    for (const alert of this.alerts.openAlerts().filter((a) => a.kind === 'unusual_consumption')) {
      const key = trackerKey(alert.ruleId, alert.deviceId);
      const heard = this.lastFindingAt.get(key) ?? now;
      if (!this.lastFindingAt.has(key)) this.lastFindingAt.set(key, now);
      // The analytics service resends a finding every hour while it grows: silence means it ended.
      if (now - heard < this.config.evaluation.unusualClearAfterMs) continue;
      await this.queue.run(alert.deviceId, async () => {
        const open = this.alerts.openFor(alert.ruleId, alert.deviceId);
        if (open) await this.alerts.clear(open, { value: null }, null);
        this.lastFindingAt.delete(key);
      });
    }
  }

  private async evaluateSilence(deviceId: string): Promise<void> {
    const device = this.devices.get(deviceId);
    if (!device) return;
    const now = this.clock.now();
    for (const rule of this.rules.forDevice(deviceId).filter((r) => r.kind === 'offline')) {
      await this.apply(rule, deviceId, evaluateSilence(rule, now - device.lastReadingAtMs, device.reportedOffline), now, null, 'tick');
    }
  }

  /** The one place that turns a condition into a raise or a clear. */
  private async apply(rule: AlertRule, deviceId: string, condition: Condition, atMs: number, reading: Telemetry | null, source: string): Promise<void> {
    this.metrics.evaluations.inc({ source });
    const key = trackerKey(rule.id, deviceId);
    const open = this.alerts.openFor(rule.id, deviceId);
    if (open) {
      this.holds.reset((k) => k === key);
      if (condition.verdict === 'clear') await this.alerts.clear(open, condition, reading);
      return;
    }
    if (this.holds.observe(key, atMs, condition.verdict, rule.holdSeconds * 1000)) await this.alerts.raise(rule, deviceId, condition, reading);
  }

  private liveness(deviceId: string, now: number): DeviceLiveness {
    let device = this.devices.get(deviceId);
    if (!device) {
      device = { lastReadingAtMs: now, lastTs: 0, lastSeq: null, reportedOffline: false };
      this.devices.set(deviceId, device);
    }
    return device;
  }
}
