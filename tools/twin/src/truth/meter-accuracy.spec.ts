import { LoadProfile } from '@energy/uno-sim';
import { formatAccuracy, loadKind, meterAccuracy } from './meter-accuracy';

describe(meterAccuracy.name, () => {
  const t0 = 1_760_000_000_000;
  const profile = new LoadProfile({
    steps: [
      { atMs: t0, vrms: 230, irms: 4, lagDeg: 60 },
      { atMs: t0 + 20_000, vrms: 230, irms: 1800 / 230 },
      { atMs: t0 + 40_000, vrms: 230, irms: 4, lagDeg: 60 },
    ],
    originMs: t0,
  });
  const line = (s: number, scale: number) => {
    const truth = profile.truthAt(t0 + s * 1000);
    return { boot: 1, energyWh: 0, powerW: truth.powerW * scale, voltageV: truth.vrms, currentA: truth.irms * scale, atMs: t0 + s * 1000, received: true };
  };

  it('judges each steady load apart, leaving out the seconds after a boot or a step', () => {
    const lines = Array.from({ length: 59 }, (_, k) => line(k + 1, k + 1 >= 20 && k + 1 < 40 ? 1.01 : 1));
    const result = meterAccuracy(lines, profile, [t0]);
    expect(result).toHaveLength(2);
    const [base, kettle] = result;
    expect(base!.truePowerFactor).toBeCloseTo(0.5, 9);
    expect(base!.lines).toBe(17 + 17);
    expect(Math.abs(base!.powerPct)).toBeLessThan(0.01);
    expect(kettle!.currentPct).toBeCloseTo(1, 6);
    expect(formatAccuracy(kettle!)).toMatch(/^1800 W PF 1\.000 resistive: V \+0\.00 %, I \+1\.00 %, P \+1\.00 % \(17 lines\)$/);
    expect(base!.kind).toBe('lagging');
  });

  it('names the load the way the issue does', () => {
    expect(loadKind({ irms: 4, lagDeg: -60 })).toBe('leading');
    expect(loadKind({ irms: 3, currentHarmonics: [{ order: 3, ratio: 0.3 }, { order: 5, ratio: 0.15 }] })).toBe('distorted (3rd 30 %, 5th 15 %)');
  });
});
