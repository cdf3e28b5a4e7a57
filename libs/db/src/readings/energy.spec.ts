import { energyDeltaWh } from './energy';

const at = (s: number, powerW: number, counterWh: number | null = null) => ({ tsMs: s * 1000, powerW, counterWh });

describe(energyDeltaWh.name, () => {
  it('is zero for the first reading of a device', () => {
    expect(energyDeltaWh(null, at(0, 1000, 5))).toBe(0);
  });

  it('takes counter deltas, across gaps of any length', () => {
    expect(energyDeltaWh(at(0, 100, 10), at(1, 100, 10.5))).toBeCloseTo(0.5);
    expect(energyDeltaWh(at(0, 100, 10), at(7200, 100, 2010))).toBeCloseTo(2000);
  });

  it('treats a counter that went backwards as a reset, never a negative spike', () => {
    expect(energyDeltaWh(at(0, 100, 5000), at(10, 100, 0.2))).toBeCloseTo(0.2);
  });

  it('refuses a physically impossible jump (more than 50 kW for the elapsed time)', () => {
    expect(energyDeltaWh(at(0, 100, 10), at(1, 100, 1_000_000))).toBe(0);
  });

  it('integrates power with the trapezoid rule when there is no counter', () => {
    expect(energyDeltaWh(at(0, 1000), at(3.6, 2000))).toBeCloseTo(1.5);
  });

  it('invents no energy across an outage longer than the gap cap', () => {
    expect(energyDeltaWh(at(0, 1000), at(301, 1000))).toBe(0);
    expect(energyDeltaWh(at(0, 1000), at(300, 1000))).toBeCloseTo(1000 * (300 / 3600));
  });
});
