import { Inject, Injectable } from '@nestjs/common';
import { analyticsTopics, SITE_ID, type ForecastMessage, type ForecastVsActual } from '@energy/contracts';
import { BusPublisher, type Logger, type Clock } from '@energy/service-kit';
import type { AnalyticsConfig } from '../config/env';
import { AnalyticsMetrics } from '../observability/metrics';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import type { HourlySeries } from '../series/hourly-energy';
import { HOUR_MS } from '../series/minute-series';
import { RollupsRepository } from '../store/rollups.repository';
import { buildForecast, localMonth, siteSeries } from './build-forecast';
import { forecastVsActual } from './forecast-vs-actual';

/**
 * Recomputes every device's forecast and the site's from the hour rollups (the scheduler calls it
 * every hour), publishes each retained on `energy/{id}/forecast` and keeps the latest for the API.
 */
@Injectable()
export class ForecastsService {
  private readonly latest = new Map<string, ForecastMessage>();
  /** Forecast vs actual per device (or site), computed on request and kept until the hour ends. */
  private readonly pastWeeks = new Map<string, { hourMs: number; result: Promise<ForecastVsActual | null> }>();

  constructor(
    private readonly rollups: RollupsRepository,
    private readonly bus: BusPublisher,
    private readonly metrics: AnalyticsMetrics,
    @Inject(CONFIG) private readonly config: AnalyticsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  latestFor(deviceId: string): ForecastMessage | undefined {
    return this.latest.get(deviceId);
  }

  /**
   * The past week: each hour's day-ahead forecast (replayed from the rollups, as the hourly job would
   * have made it) and the actual energy. Null for a device with no readings in the history window.
   */
  pastWeek(deviceId: string): Promise<ForecastVsActual | null> {
    const endMs = Math.floor(this.clock.now() / HOUR_MS) * HOUR_MS;
    const cached = this.pastWeeks.get(deviceId);
    if (cached && cached.hourMs === endMs) return cached.result;
    const result = this.computePastWeek(deviceId, endMs);
    this.pastWeeks.set(deviceId, { hourMs: endMs, result });
    result.catch(() => this.pastWeeks.delete(deviceId));
    return result;
  }

  private async computePastWeek(deviceId: string, endMs: number): Promise<ForecastVsActual | null> {
    // The week scored plus the history each of its forecasts looked back on.
    const fromMs = endMs - (this.config.historyWeeks + 1) * 7 * 24 * HOUR_MS;
    const devices = deviceId === SITE_ID ? await this.rollups.activeDevices(fromMs) : (await this.rollups.activeDevices(fromMs)).filter((id) => id === deviceId);
    if (devices.length === 0) return null;
    const series = deviceId === SITE_ID ? siteSeries(await Promise.all(devices.map((id) => this.rollups.hourlyEnergy(id, fromMs, endMs)))) : await this.rollups.hourlyEnergy(deviceId, fromMs, endMs);
    return series ? forecastVsActual(deviceId, series) : null;
  }

  async recompute(): Promise<void> {
    const nowMs = this.clock.now();
    const endMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS; // complete hours only
    const fromMs = endMs - this.config.historyWeeks * 7 * 24 * HOUR_MS;
    const month = localMonth(nowMs, this.config.siteTimeZone);
    const stop = this.metrics.recomputeSeconds.startTimer({ job: 'forecast' });
    const series: HourlySeries[] = [];
    let siteToDate = 0;
    for (const deviceId of await this.rollups.activeDevices(fromMs)) {
      try {
        const hours = await this.rollups.hourlyEnergy(deviceId, fromMs, endMs);
        const toDateKwh = (await this.rollups.energyWh(deviceId, month.startMs, endMs)) / 1000;
        series.push(hours);
        siteToDate += toDateKwh;
        await this.store(buildForecast(deviceId, hours, toDateKwh, nowMs, this.config.siteTimeZone, this.config.forecastHours));
        this.metrics.devicesProcessed.inc({ job: 'forecast', outcome: 'ok' });
      } catch (err) {
        this.metrics.devicesProcessed.inc({ job: 'forecast', outcome: 'error' });
        this.logger.error({ deviceId, err: (err as Error).message }, 'forecast failed');
      }
    }
    const site = siteSeries(series);
    if (site) await this.store(buildForecast(SITE_ID, site, siteToDate, nowMs, this.config.siteTimeZone, this.config.forecastHours));
    const seconds = stop();
    this.logger.info({ devices: series.length, seconds: Number(seconds.toFixed(2)) }, 'forecasts recomputed');
  }

  private async store(forecast: ForecastMessage | null): Promise<void> {
    if (!forecast) return;
    this.latest.set(forecast.device_id, forecast);
    const topic = forecast.device_id === SITE_ID ? analyticsTopics.siteForecast : analyticsTopics.forecast(forecast.device_id);
    await this.bus.publish(topic, forecast, { retain: true, qos: 1 });
  }
}
