import { Inject, Injectable } from '@nestjs/common';
import { toLocalTime } from '@energy/db';
import type { EnergyBucket, EnergyReport, EnergySummary } from '@energy/contracts';
import type { GatewayConfig } from '../config/env';
import { CONFIG } from '@energy/service-kit/nest';
import { localDayAndMonth, periodBuckets, type Period } from './calendar';
import { EnergyRepository } from './energy.repository';
import { ceilTo, HOUR_MS, MINUTE_MS, rollupReads, type TimeRange } from '@energy/db/readings';
import { DEFAULT_TARIFF, TariffPricing, type Tariff } from './tariff';
import { TariffRepository } from './tariff.repository';

const kwh = (wh: number) => Math.round(wh * 1000) / 1e6; // kWh with 6 decimals (1 mWh)
const money = (value: number) => Math.round(value * 10_000) / 10_000;

export interface TariffCosts {
  currency: string;
  monthToDateCost: number;
  projectedMonthCost: number;
}

/** The site's month to date priced under the stored tariff and under a proposed one. */
export interface TariffPreview {
  monthToDateKwh: number;
  current: TariffCosts;
  proposed: TariffCosts;
}

interface SpanEnergy {
  wh: number;
  cost: number;
}

/**
 * kWh and cost from the rollups, exact for every site-local day whatever the zone's offset: UTC
 * hours inside a bucket come from the hour rollup, the minutes at its edges (a range's ends, local
 * midnight in a half-hour zone) from the minute rollup. A minute counts when it starts in [from, to).
 * Hours are priced at their local time-of-use rate, minutes at their own; the standing charge is
 * one per site-local day, whatever its length.
 */
@Injectable()
export class EnergyService {
  constructor(
    private readonly energy: EnergyRepository,
    private readonly tariffs: TariffRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async tariff(): Promise<Tariff> {
    return (await this.tariffs.get()) ?? DEFAULT_TARIFF;
  }

  async setTariff(tariff: Tariff, by: string): Promise<Tariff> {
    await this.tariffs.put(tariff, by);
    return this.tariff();
  }

  async report(deviceIds: string[] | null, fromMs: number, toMs: number, period: Period): Promise<EnergyReport> {
    const pricing = new TariffPricing(await this.tariff());
    const buckets = periodBuckets(period, fromMs, toMs, this.config.siteTimeZone);
    const from = ceilTo(fromMs, MINUTE_MS);
    const to = ceilTo(toMs, MINUTE_MS);
    const spans = buckets.map((b) => ({ from: Math.max(b.start, from), to: Math.min(b.end, to) }));
    const energy = await this.energyOf(deviceIds, spans, pricing);
    const out: EnergyBucket[] = [];
    let totalWh = 0;
    let totalCost = 0;
    buckets.forEach((bucket, i) => {
      const { wh, cost: energyCost } = energy[i]!;
      const cost = energyCost + pricing.tariff.standingChargePerDay * bucket.chargeableDays;
      totalWh += wh;
      totalCost += cost;
      out.push({ start: bucket.start, label: bucket.label, kwh: kwh(wh), cost: money(cost) });
    });
    return { period, currency: pricing.tariff.currency, buckets: out, totalKwh: kwh(totalWh), totalCost: money(totalCost) };
  }

  /**
   * What the whole site's month so far cost under the stored tariff and would have cost under
   * `proposed`: both priced by summary(), so the figures match GET energy/summary once saved.
   */
  async preview(proposed: Tariff, nowMs = Date.now()): Promise<TariffPreview> {
    const [current, next] = await Promise.all([this.summary(null, nowMs), this.summary(null, nowMs, proposed)]);
    const costs = (s: EnergySummary) => ({ currency: s.currency, monthToDateCost: s.monthToDateCost, projectedMonthCost: s.projectedMonthCost });
    return { monthToDateKwh: current.monthToDateKwh, current: costs(current), proposed: costs(next) };
  }

  /** Today, month to date, and the month-end projection (month to date extrapolated linearly), under the stored tariff or `tariff`. */
  async summary(deviceIds: string[] | null, nowMs = Date.now(), tariff?: Tariff): Promise<EnergySummary> {
    const pricing = new TariffPricing(tariff ?? (await this.tariff()));
    const m = localDayAndMonth(nowMs, this.config.siteTimeZone);
    const [before, today] = await this.energyOf(
      deviceIds,
      [
        { from: m.monthStart, to: m.dayStart },
        { from: m.dayStart, to: m.dayEnd },
      ],
      pricing,
    );
    const monthWh = before!.wh + today!.wh;
    const monthEnergyCost = before!.cost + today!.cost;
    const standing = pricing.tariff.standingChargePerDay;
    // At least an hour elapsed, so the first minutes of a month do not project absurd totals.
    const scale = (m.monthEnd - m.monthStart) / Math.max(HOUR_MS, nowMs - m.monthStart);
    return {
      todayKwh: kwh(today!.wh),
      todayCost: money(today!.cost + standing),
      monthToDateKwh: kwh(monthWh),
      monthToDateCost: money(monthEnergyCost + standing * m.dayOfMonth),
      projectedMonthKwh: kwh(monthWh * scale),
      projectedMonthCost: money(monthEnergyCost * scale + standing * m.daysInMonth),
      currency: pricing.tariff.currency,
    };
  }

  /** Energy and its cost in each span (minute-aligned, sorted, not overlapping). */
  private async energyOf(deviceIds: string[] | null, spans: readonly TimeRange[], pricing: TariffPricing): Promise<SpanEnergy[]> {
    const reads = rollupReads(spans);
    const [hours, minutes] = await Promise.all([this.energy.energy('rollup_hour', deviceIds, reads.hours), this.energy.energy('rollup_minute', deviceIds, reads.minutes)]);
    const zone = this.config.siteTimeZone;
    const priced = [
      ...hours.map((h) => ({ ...h, cost: (h.wh / 1000) * pricing.hourRate(toLocalTime(h.bucket_ms, zone).time) })),
      ...minutes.map((m) => ({ ...m, cost: (m.wh / 1000) * pricing.minuteRate(toLocalTime(m.bucket_ms, zone).time) })),
    ].sort((a, b) => a.bucket_ms - b.bucket_ms);
    const out = spans.map(() => ({ wh: 0, cost: 0 }));
    let i = 0;
    for (const piece of priced) {
      while (i < spans.length && piece.bucket_ms >= spans[i]!.to) i++;
      const span = out[i];
      if (!span) break;
      span.wh += piece.wh;
      span.cost += piece.cost;
    }
    return out;
  }
}
