import type { GatewayConfig } from '../config/env';
import type { EnergyRepository } from './energy.repository';
import { EnergyService } from './energy.service';
import type { Tariff } from './tariff';
import type { TariffRepository } from './tariff.repository';

const HOUR = 3_600_000;
const day = Date.UTC(2026, 10, 2); // a Monday, UTC site

function service(hours: { bucket_ms: number; wh: number }[], tariff: Tariff | null) {
  const energy = { hourly: jest.fn(async (_d: unknown, from: number, to: number) => hours.filter((h) => h.bucket_ms >= from && h.bucket_ms < to)) };
  const tariffs = { get: jest.fn(async () => tariff), put: jest.fn() };
  const config = { siteTimeZone: 'UTC' } as GatewayConfig;
  return { svc: new EnergyService(energy as unknown as EnergyRepository, tariffs as unknown as TariffRepository, config), energy };
}

describe(EnergyService.name, () => {
  const tariff: Tariff = { currency: 'GBP', flatRatePerKwh: 0.3, standingChargePerDay: 0.5, timeOfUse: [{ from: '00:00', to: '07:00', ratePerKwh: 0.1 }] };

  it('prices each hour at its time-of-use rate and adds the standing charge per day', async () => {
    const { svc } = service(
      [
        { bucket_ms: day + 2 * HOUR, wh: 1000 }, // night: 0.10
        { bucket_ms: day + 12 * HOUR, wh: 2000 }, // day: 0.30
        { bucket_ms: day + 24 * HOUR + 12 * HOUR, wh: 500 },
      ],
      tariff,
    );
    const report = await svc.report(null, day, day + 2 * 24 * HOUR, 'day');
    expect(report).toEqual({
      period: 'day',
      currency: 'GBP',
      buckets: [
        { start: day, label: '2026-11-02', kwh: 3, cost: 0.1 + 0.6 + 0.5 },
        { start: day + 24 * HOUR, label: '2026-11-03', kwh: 0.5, cost: 0.15 + 0.5 },
      ],
      totalKwh: 3.5,
      totalCost: 1.85,
    });
  });

  it('uses the default tariff until one is saved, and lists empty buckets', async () => {
    const { svc } = service([], null);
    const report = await svc.report(['a'], day, day + 3 * HOUR, 'hour');
    expect(report.currency).toBe('EUR');
    expect(report.buckets.map((b) => [b.label, b.kwh, b.cost])).toEqual([
      ['2026-11-02 00:00', 0, 0],
      ['2026-11-02 01:00', 0, 0],
      ['2026-11-02 02:00', 0, 0],
    ]);
  });

  it('projects the month linearly from the month so far', async () => {
    const now = Date.UTC(2026, 10, 11); // 10 of 30 days gone
    const hours = Array.from({ length: 240 }, (_, i) => ({ bucket_ms: Date.UTC(2026, 10, 1) + i * HOUR, wh: 100 }));
    const { svc } = service(hours, { ...tariff, timeOfUse: [] });
    const summary = await svc.summary(null, now);
    expect(summary).toEqual({
      todayKwh: 0,
      todayCost: 0.5,
      monthToDateKwh: 24,
      monthToDateCost: 12.7,
      projectedMonthKwh: 72,
      projectedMonthCost: 36.6,
      currency: 'GBP',
    });
  });
});
