import { hourlyEnergy, hourlyFromRollups } from './hourly-energy';
import { HOUR_MS, type MinuteSeries } from './minute-series';

function minutes(startMs: number, powerW: number[]): MinuteSeries {
  const n = powerW.length;
  return { startMs, powerW: Float64Array.from(powerW), voltageV: new Float64Array(n).fill(230), currentA: new Float64Array(n).fill(1) };
}

describe(hourlyEnergy.name, () => {
  it('sums whole UTC hours in kWh, scaling up an hour with a few minutes missing', () => {
    const first = new Array(60).fill(1000); // 1 kWh
    const second = new Array(60).fill(2000);
    for (let i = 0; i < 10; i++) second[i] = Number.NaN; // 50 minutes present, still 2 kWh
    const hours = hourlyEnergy(minutes(5 * HOUR_MS, [...first, ...second]));
    expect(hours.startMs).toBe(5 * HOUR_MS);
    expect(Array.from(hours.kwh)).toEqual([1, 2]);
  });

  it('leaves an hour with fewer than 45 minutes unknown, never zero', () => {
    const power = new Array(60).fill(600);
    for (let i = 0; i < 16; i++) power[i] = Number.NaN;
    expect(Number.isNaN(hourlyEnergy(minutes(0, power)).kwh[0]!)).toBe(true);
  });

  it('cuts at UTC hour boundaries when the file starts mid-hour', () => {
    const hours = hourlyEnergy(minutes(HOUR_MS - 30 * 60_000, new Array(90).fill(1200)));
    expect(hours.startMs).toBe(0);
    expect(Number.isNaN(hours.kwh[0]!)).toBe(true); // 30 minutes only
    expect(hours.kwh[1]).toBeCloseTo(1.2);
  });
});

describe(hourlyFromRollups.name, () => {
  it('places rollup rows by their hour and leaves absent hours unknown', () => {
    const hours = hourlyFromRollups([{ hourStartMs: 2 * HOUR_MS, energyWh: 1500 }], HOUR_MS, 4 * HOUR_MS);
    expect(hours.startMs).toBe(HOUR_MS);
    expect(Array.from(hours.kwh)).toEqual([Number.NaN, 1.5, Number.NaN]);
  });
});
