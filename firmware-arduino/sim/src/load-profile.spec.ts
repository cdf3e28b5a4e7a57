import { LoadProfile } from './load-profile';

describe('LoadProfile', () => {
  const start = 1_764_000_000_000;
  const profile = new LoadProfile({
    steps: [
      { atMs: start, vrms: 230, irms: 4 },
      { atMs: start + 60_000, off: true },
      { atMs: start + 90_000, vrms: 230, irms: 2, lagDeg: 60 },
    ],
  });

  it('holds each step until the next; before the first the mains is off', () => {
    expect(profile.truthAt(start - 1).vrms).toBe(0);
    expect(profile.truthAt(start).powerW).toBeCloseTo(920, 9);
    expect(profile.truthAt(start + 59_999).powerW).toBeCloseTo(920, 9);
    expect(profile.truthAt(start + 60_000).vrms).toBe(0);
    expect(profile.truthAt(start + 90_000).powerW).toBeCloseTo(230, 9);
    expect(profile.truthAt(start + 10 * 3600e3).powerW).toBeCloseTo(230, 9);
    // Asked out of order too (the step search restarts).
    expect(profile.truthAt(start + 5).powerW).toBeCloseTo(920, 9);
  });

  it('takes the phase from its origin, not from the epoch', () => {
    expect(profile.originMs).toBe(start);
    expect(profile.voltage(start + 5)).toBeCloseTo(230 * Math.SQRT2, 9);
  });

  it('gives the exact energy of any interval across steps, and it adds up', () => {
    // 1 min at 920 W, 30 s off, then 230 W
    const whole = profile.truthBetween(start, start + 150_000);
    expect(whole.energyWh).toBeCloseTo((920 * 60 + 230 * 60) / 3600, 3);
    const a = profile.truthBetween(start, start + 61_234.5);
    const b = profile.truthBetween(start + 61_234.5, start + 150_000);
    expect(a.energyWh + b.energyWh).toBeCloseTo(whole.energyWh, 12);
    expect(profile.truthBetween(start + 60_000, start + 90_000).energyWh).toBe(0);
    // Within a cycle the instantaneous power oscillates: half a cycle from a peak is not 920 W * 10 ms.
    const half = profile.truthBetween(start, start + 10);
    expect(half.meanPowerW).toBeCloseTo(920, 6);
    const quarter = profile.truthBetween(start, start + 5);
    expect(quarter.meanPowerW).toBeCloseTo(920, 6);
    const eighth = profile.truthBetween(start, start + 2.5);
    expect(eighth.meanPowerW).toBeLessThan(920 * 0.5);
  });

  it('refuses steps out of order and intervals that end before they start', () => {
    expect(() => new LoadProfile({ steps: [{ atMs: 10 }, { atMs: 5 }] })).toThrow('before step 0');
    expect(() => new LoadProfile({ steps: [] })).toThrow('at least one step');
    expect(() => profile.truthBetween(start + 2, start + 1)).toThrow('before it starts');
  });

  it('steady() holds one state at every time, with the nominal sensors unless told', () => {
    const steady = LoadProfile.steady({ irms: 1 }, { sensors: { voltageLeadDeg: 3 } });
    expect(steady.truthAt(-1e15).powerW).toBeCloseTo(230, 9);
    expect(steady.sensors.voltageLeadDeg).toBe(3);
    expect(steady.sensors.voltsPerPinVolt).toBe(184);
  });
});
