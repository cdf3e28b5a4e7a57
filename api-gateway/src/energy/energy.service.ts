import { Inject, Injectable } from '@nestjs/common';
import { toLocalTime } from '@energy/db';
import type { EnergyBucket, EnergyReport, EnergySummary } from '@energy/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/env';
import { localDayAndMonth, periodBuckets, type Period } from './calendar';
import { EnergyRepository, type HourEnergyRow } from './energy.repository';
import { DEFAULT_TARIFF, TariffPricing, type Tariff } from './tariff';
import { TariffRepository } from './tariff.repository';

const HOUR_MS = 3_600_000;
const kwh = (wh: number) => Math.round(wh * 1000) / 1e6; // kWh with 6 decimals (1 mWh)
const money = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * kWh and cost from the hourly rollups. Every hour is priced at its local time-of-use rate; the
 * standing charge is added per site-local day of the range (a 24th of it per hour bucket).
 */
@Injectable()
export class EnergyService {
  constructor(
    private readonly energy: EnergyRepository,
    private readonly tariffs: TariffRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async tariff(): Promise<Tariff> {
    return (await this.tariffs.get()) ?? DEFAULT_TARIFF;
  }

  async setTariff(tariff: Tariff, by: string): Promise<Tariff> {
    await this.tariffs.put(tariff, by);
    return this.tariff();
  }

  async report(deviceIds: string[] | null, fromMs: number, toMs: number, period: Period): Promise<EnergyReport> {
    const zone = this.config.siteTimeZone;
    const pricing = new TariffPricing(await this.tariff());
    const buckets = periodBuckets(period, fromMs, toMs, zone);
    const hours = await this.energy.hourly(deviceIds, Math.floor(fromMs / HOUR_MS) * HOUR_MS, toMs);
    const out: EnergyBucket[] = [];
    let totalWh = 0;
    let totalCost = 0;
    let h = 0;
    for (const bucket of buckets) {
      let wh = 0;
      let energyCost = 0;
      while (h < hours.length && hours[h]!.bucket_ms < bucket.end) {
        const hour = hours[h++]!;
        if (hour.bucket_ms < bucket.start) continue;
        wh += hour.wh;
        energyCost += this.hourCost(pricing, hour);
      }
      const cost = energyCost + pricing.tariff.standingChargePerDay * bucket.chargeableDays;
      totalWh += wh;
      totalCost += cost;
      out.push({ start: bucket.start, label: bucket.label, kwh: kwh(wh), cost: money(cost) });
    }
    return { period, currency: pricing.tariff.currency, buckets: out, totalKwh: kwh(totalWh), totalCost: money(totalCost) };
  }

  /** Today, month to date, and the month-end projection (month to date extrapolated linearly). */
  async summary(deviceIds: string[] | null, nowMs = Date.now()): Promise<EnergySummary> {
    const zone = this.config.siteTimeZone;
    const pricing = new TariffPricing(await this.tariff());
    const m = localDayAndMonth(nowMs, zone);
    const hours = await this.energy.hourly(deviceIds, m.monthStart, nowMs + HOUR_MS);
    let todayWh = 0;
    let todayEnergyCost = 0;
    let monthWh = 0;
    let monthEnergyCost = 0;
    for (const hour of hours) {
      const cost = this.hourCost(pricing, hour);
      monthWh += hour.wh;
      monthEnergyCost += cost;
      if (hour.bucket_ms >= m.dayStart) {
        todayWh += hour.wh;
        todayEnergyCost += cost;
      }
    }
    const standing = pricing.tariff.standingChargePerDay;
    // At least an hour elapsed, so the first minutes of a month do not project absurd totals.
    const scale = (m.monthEnd - m.monthStart) / Math.max(HOUR_MS, nowMs - m.monthStart);
    return {
      todayKwh: kwh(todayWh),
      todayCost: money(todayEnergyCost + standing),
      monthToDateKwh: kwh(monthWh),
      monthToDateCost: money(monthEnergyCost + standing * m.dayOfMonth),
      projectedMonthKwh: kwh(monthWh * scale),
      projectedMonthCost: money(monthEnergyCost * scale + standing * m.daysInMonth),
      currency: pricing.tariff.currency,
    };
  }

  private hourCost(pricing: TariffPricing, hour: HourEnergyRow): number {
    if (pricing.tariff.timeOfUse.length === 0) return (hour.wh / 1000) * pricing.tariff.flatRatePerKwh;
    return (hour.wh / 1000) * pricing.hourRate(toLocalTime(hour.bucket_ms, this.config.siteTimeZone).time);
  }
}
