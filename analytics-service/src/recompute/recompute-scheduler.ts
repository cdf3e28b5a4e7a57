import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger, Clock } from '@energy/service-kit';
import type { AnalyticsConfig } from '../config/env';
import { FindingsService } from '../findings/findings.service';
import { ForecastsService } from '../forecasts/forecasts.service';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';

/** Rollups of the hour just ended are complete a little after it ends (the ingest batches for seconds). */
const AFTER_THE_HOUR_MS = 60_000;

/**
 * Recomputes forecasts and findings at start and then every period, a minute after the period
 * boundary (on the hour by default). Runs never overlap; shutdown waits for the one in progress.
 */
@Injectable()
export class RecomputeScheduler implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  lastRunMs: number | null = null;

  constructor(
    private readonly forecasts: ForecastsService,
    private readonly findings: FindingsService,
    @Inject(CONFIG) private readonly config: AnalyticsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(): void {
    void this.runNow();
  }

  /** One recomputation now (also what the scheduler runs); resolves when done. */
  runNow(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.forecasts.recompute();
        await this.findings.recompute();
        this.lastRunMs = this.clock.now();
      } catch (err) {
        this.logger.error({ err: (err as Error).message }, 'recompute failed');
      } finally {
        this.running = null;
        this.scheduleNext();
      }
    })();
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const every = this.config.recomputeEveryMs;
    const now = this.clock.now();
    const next = Math.floor(now / every) * every + every + Math.min(AFTER_THE_HOUR_MS, every / 10);
    this.timer = setTimeout(() => void this.runNow(), Math.max(1_000, next - now));
    this.timer.unref();
  }
}
