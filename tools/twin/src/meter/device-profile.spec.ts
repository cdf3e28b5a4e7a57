import { buildDeviceProfile } from './device-profile';

describe(buildDeviceProfile.name, () => {
  const start = 1_760_000_000_000;
  const kw = { vrms: 230, irms: 1000 / 230 };
  const twoKw = { vrms: 230, irms: 2000 / 230 };

  it('is the scenario load from the start, with no power during a cut, and the load in force after it', () => {
    const profile = buildDeviceProfile(
      start,
      [
        { atMs: 0, state: kw },
        { atMs: 30_000, state: twoKw },
      ],
      [{ fromMs: start + 10_000, toMs: start + 40_000 }],
      1,
    );
    expect(profile.truthAt(start + 5_000).powerW).toBeCloseTo(1_000, 6);
    expect(profile.truthAt(start + 20_000).powerW).toBe(0);
    expect(profile.truthAt(start + 35_000).powerW).toBe(0);
    expect(profile.truthAt(start + 45_000).powerW).toBeCloseTo(2_000, 6);
    // 10 s at 1 kW and 20 s at 2 kW, to within the oscillating part of v·i.
    expect(profile.truthBetween(start, start + 60_000).energyWh).toBeCloseTo((10 * 1_000 + 20 * 2_000) / 3_600, 3);
  });

  it('needs a load from the start', () => {
    expect(() => buildDeviceProfile(start, [{ atMs: 1_000, state: kw }], [], 1)).toThrow(/from the start/);
  });
});
