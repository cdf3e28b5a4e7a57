import { Inject, Injectable } from '@nestjs/common';
import { analyticsTopics, type FindingMessage } from '@energy/contracts';
import { BusPublisher, type Logger, type Clock } from '@energy/service-kit';
import { detectFindings } from '../anomalies/detect-findings';
import type { AnalyticsConfig } from '../config/env';
import { AnalyticsMetrics } from '../observability/metrics';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { LocalCalendar } from '../series/local-calendar';
import { MINUTE_MS } from '../series/minute-series';
import { RollupsRepository } from '../store/rollups.repository';

const DAY_MS = 86_400_000;

/**
 * Runs the unusual-consumption detectors over each device's recent minute rollups (the same code
 * as `npm run analytics -- findings`), keeps the recent findings for the API, and publishes each
 * new finding, and each that grew since, on `energy/{id}/finding` for the alert service.
 */
@Injectable()
export class FindingsService {
  private readonly recent = new Map<string, FindingMessage[]>();
  private readonly published = new Map<string, string>();
  private readonly calendar: LocalCalendar;

  constructor(
    private readonly rollups: RollupsRepository,
    private readonly bus: BusPublisher,
    private readonly metrics: AnalyticsMetrics,
    @Inject(CONFIG) private readonly config: AnalyticsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.calendar = new LocalCalendar(config.siteTimeZone);
  }

  /** Recent findings, newest first; of one device or of all. */
  list(deviceId?: string): FindingMessage[] {
    const all = deviceId ? (this.recent.get(deviceId) ?? []) : [...this.recent.values()].flat();
    return [...all].sort((a, b) => b.start_ms - a.start_ms);
  }

  async recompute(): Promise<void> {
    const nowMs = this.clock.now();
    const endMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    const fromMs = endMs - this.config.historyWeeks * 7 * DAY_MS;
    const recentFromMs = nowMs - this.config.recentFindingsDays * DAY_MS;
    const stop = this.metrics.recomputeSeconds.startTimer({ job: 'findings' });
    let devices = 0;
    for (const deviceId of await this.rollups.activeDevices(fromMs)) {
      try {
        const minutes = await this.rollups.minutes(deviceId, fromMs, endMs);
        const findings = detectFindings(minutes, this.calendar)
          .filter((f) => f.endMs >= recentFromMs)
          .map((f): FindingMessage => ({ device_id: deviceId, kind: f.kind, start_ms: f.startMs, end_ms: f.endMs, sentence: f.sentence, observed: f.observed, usual: f.usual, unit: f.unit, ts: nowMs }));
        this.recent.set(deviceId, findings);
        for (const finding of findings) await this.publishIfChanged(finding);
        devices++;
        this.metrics.devicesProcessed.inc({ job: 'findings', outcome: 'ok' });
      } catch (err) {
        this.metrics.devicesProcessed.inc({ job: 'findings', outcome: 'error' });
        this.logger.error({ deviceId, err: (err as Error).message }, 'findings failed');
      }
    }
    const seconds = stop();
    this.logger.info({ devices, seconds: Number(seconds.toFixed(2)) }, 'findings recomputed');
  }

  /** A finding is sent when it first appears and again when it grows (a later end, a new sentence). */
  private async publishIfChanged(finding: FindingMessage): Promise<void> {
    const key = `${finding.device_id}|${finding.kind}|${finding.start_ms}`;
    const version = `${finding.end_ms}|${finding.sentence}`;
    if (this.published.get(key) === version) return;
    await this.bus.publish(analyticsTopics.finding(finding.device_id), finding, { qos: 1 });
    this.published.set(key, version);
    this.metrics.findingsPublished.inc({ kind: finding.kind });
    this.logger.info({ deviceId: finding.device_id, kind: finding.kind, sentence: finding.sentence }, 'finding');
  }
}
