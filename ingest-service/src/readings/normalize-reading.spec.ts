import { normalizeReading } from './normalize-reading';

const clock = { maxSkewMs: 120_000, maxAgeMs: 7 * 86_400_000 };
const NOW = Date.UTC(2026, 10, 27, 12);

describe(normalizeReading.name, () => {
  it("computes the seed form's power as V x I and marks it apparent", () => {
    const r = normalizeReading('m1', { Voltage: 230, Current: 2 }, NOW, clock);
    expect(r).toMatchObject({ seq: null, powerW: 460, powerKind: 'apparent', apparentPowerVa: 460, powerFactor: null, tsMs: NOW, tsSource: 'received' });
  });

  it('keeps measured real power, power factor and the counter', () => {
    const r = normalizeReading('m1', { seq: 3, ts: NOW - 1000, Voltage: 230, Current: 2, power_w: 400, apparent_power_va: 460, power_factor: 0.87, energy_wh: 12 }, NOW, clock);
    expect(r).toMatchObject({ seq: 3, powerW: 400, powerKind: 'real', apparentPowerVa: 460, powerFactor: 0.87, energyCounterWh: 12, tsMs: NOW - 1000, tsSource: 'device' });
  });

  it("keeps the meter's boot number and its energy since boot", () => {
    const r = normalizeReading('m1', { seq: 3, Voltage: 230, Current: 2, energy_wh: 12, meter_boot: 7, meter_wh: 1.25 }, NOW, clock);
    expect(r).toMatchObject({ energyCounterWh: 12, meterBoot: 7, meterWh: 1.25 });
    expect(normalizeReading('m1', { Voltage: 230, Current: 2 }, NOW, clock)).toMatchObject({ meterBoot: null, meterWh: null });
  });

  it.each([
    ['in the future beyond the skew', NOW + 10 * 60_000],
    ['older than a device can buffer', NOW - 30 * 86_400_000],
    ['from a clock that never synced (1970)', 5_000],
  ])('falls back to receive time for a device clock %s', (_why, ts) => {
    expect(normalizeReading('m1', { seq: 1, ts, Voltage: 230, Current: 1 }, NOW, clock)).toMatchObject({ tsMs: NOW, tsSource: 'received' });
  });
});
