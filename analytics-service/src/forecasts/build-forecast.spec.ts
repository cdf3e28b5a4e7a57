import { syntheticHours } from '../testing/synthetic-hours';
import { buildForecast, localMonth, siteSeries } from './build-forecast';

describe(buildForecast.name, () => {
  // Monday 2024-01-01 00:00 UTC, 8 weeks: the series ends Monday 2024-02-26 00:00.
  const series = { startMs: Date.UTC(2024, 0, 1), kwh: syntheticHours(8, { noiseKwh: 0.1 }) };
  const nowMs = Date.UTC(2024, 1, 26, 0, 5);

  it('forecasts the next 48 h hourly and the rest of the local month by day, with the band', () => {
    const forecast = buildForecast('kitchen-1', series, 30, nowMs, 'Europe/Berlin', 48)!;
    expect(forecast.hours[0]!.start_ms).toBe(Date.UTC(2024, 1, 26));
    expect(forecast.hours).toHaveLength(48);
    for (const h of forecast.hours) expect(h.low_kwh <= h.kwh && h.kwh <= h.high_kwh).toBe(true);
    // Berlin's March starts at 2024-02-29T23:00Z; its days run from 01:00 UTC.
    expect(forecast.month.end_ms).toBe(Date.UTC(2024, 1, 29, 23));
    expect(forecast.days.map((d) => d.date)).toEqual(['2024-02-26', '2024-02-27', '2024-02-28', '2024-02-29']);
    expect(forecast.month.to_date_kwh).toBe(30);
    expect(forecast.month.projected_kwh).toBeCloseTo(30 + forecast.days.reduce((s, d) => s + d.kwh, 0), 1);
    expect(JSON.stringify(forecast).length).toBeLessThan(16 * 1024);
    expect(forecast.month.low_kwh).toBeLessThan(forecast.month.projected_kwh);
    expect(forecast.month.high_kwh).toBeGreaterThan(forecast.month.projected_kwh);
    expect(forecast.method_sentence.length).toBeGreaterThan(20);
  });

  it('forecasts the hours asked for, also past the end of the month', () => {
    expect(buildForecast('kitchen-1', series, 0, nowMs, 'UTC', 120)!.hours).toHaveLength(120);
  });

  it('needs enough history', () => {
    expect(buildForecast('kitchen-1', { startMs: 0, kwh: syntheticHours(1) }, 0, nowMs, 'UTC', 48)).toBeNull();
  });
});

describe(localMonth.name, () => {
  it('follows the site calendar, not UTC', () => {
    expect(localMonth(Date.UTC(2024, 11, 31, 23, 30), 'Europe/Berlin')).toEqual({ startMs: Date.UTC(2024, 11, 31, 23), endMs: Date.UTC(2025, 0, 31, 23) });
  });
});

describe(siteSeries.name, () => {
  it('adds the devices up and leaves an hour unknown when any device does not know it', () => {
    const a = { startMs: 0, kwh: Float64Array.from([1, 2, Number.NaN]) };
    const b = { startMs: 0, kwh: Float64Array.from([0.5, 0.5, 0.5]) };
    expect(Array.from(siteSeries([a, b])!.kwh)).toEqual([1.5, 2.5, Number.NaN]);
  });
});
