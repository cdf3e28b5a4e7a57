import { syntheticHours } from '../testing/synthetic-hours';
import { forecastVsActual } from './forecast-vs-actual';

describe(forecastVsActual.name, () => {
  const start = Date.UTC(2026, 0, 5);

  it('gives each hour of the past week the forecast made a day before it, next to what happened', () => {
    const kwh = syntheticHours(6, { seed: 3 });
    const result = forecastVsActual('kitchen-1', { startMs: start, kwh });
    expect(result.start_ms).toBe(start + (kwh.length - 168) * 3_600_000);
    expect(result.actual_kwh).toHaveLength(168);
    expect(result.actual_kwh[167]).toBeCloseTo(kwh[kwh.length - 1]!, 3);
    expect(result.forecast_kwh.every((v) => v !== null)).toBe(true);
    for (let i = 0; i < 168; i++) expect(result.low_kwh[i]!).toBeLessThanOrEqual(result.high_kwh[i]!);
    expect(result.mae_kwh).toBeGreaterThan(0);
    expect(result.mae_kwh).toBeLessThan(0.3);
    expect(result.band_coverage).toBeGreaterThan(0.5);
  });

  it('scores no unknown hour: it is null on the actual side, never zero', () => {
    const kwh = syntheticHours(6, { seed: 4 });
    kwh.fill(Number.NaN, kwh.length - 10, kwh.length - 5);
    const result = forecastVsActual('kitchen-1', { startMs: start, kwh });
    expect(result.actual_kwh.slice(158, 163)).toEqual([null, null, null, null, null]);
    expect(result.forecast_kwh.slice(158, 163).every((v) => v !== null)).toBe(true);
  });

  it('has no forecast and no score while the history is too short', () => {
    const result = forecastVsActual('kitchen-1', { startMs: start, kwh: syntheticHours(1, { seed: 5 }) });
    expect(result.forecast_kwh.every((v) => v === null)).toBe(true);
    expect(result.mae_kwh).toBeNull();
    expect(result.band_coverage).toBeNull();
  });
});
