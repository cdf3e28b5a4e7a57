import { AdcFrontEnd, CURRENT_CHANNEL, VOLTAGE_CHANNEL } from './adc-front-end';
import { LoadProfile } from './load-profile';

describe('AdcFrontEnd', () => {
  it('maps the mains to A0 and the current to A1 around a 2.5 V bias', () => {
    const fe = new AdcFrontEnd(LoadProfile.steady({ vrms: 230, irms: 2 }));
    // Peak at 5 ms: 325.3 V / 184 = 1.768 V above 2.5 V -> 512 + 362.0
    expect(fe.read(VOLTAGE_CHANNEL, 5)).toBe(Math.floor(((2.5 + (230 * Math.SQRT2) / 184) / 5) * 1024));
    // 2.83 A * 0.185 V/A = 0.523 V -> 512 + 107.2
    expect(fe.read(CURRENT_CHANNEL, 5)).toBe(Math.floor(((2.5 + 2 * Math.SQRT2 * 0.185) / 5) * 1024));
    expect(fe.read(VOLTAGE_CHANNEL, 0)).toBe(512);
    expect(fe.read(7, 5)).toBe(0);
  });

  it('a leading voltage sensor shows the mains early; bias offsets shift the counts', () => {
    const lead = new AdcFrontEnd(LoadProfile.steady({}, { sensors: { voltageLeadDeg: 90, voltageBiasV: 2.4 } }));
    // 90 degrees early: the peak shows at t = 0
    expect(lead.voltageCounts(0)).toBe(Math.floor(((2.4 + (230 * Math.SQRT2) / 184) / 5) * 1024));
  });

  it('adds seeded Gaussian noise: same seed, same counts; the spread is the sigma asked for', () => {
    const noisy = (seed: number) => {
      const fe = new AdcFrontEnd(LoadProfile.steady({ vrms: 0 }, { sensors: { noiseCounts: 2 }, seed }));
      return Array.from({ length: 20_000 }, () => fe.voltageCounts(0));
    };
    const a = noisy(7);
    expect(noisy(7)).toEqual(a);
    expect(noisy(8)).not.toEqual(a);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(511.5, 1); // truncation: half a count low on average
    expect(sd).toBeGreaterThan(1.95);
    expect(sd).toBeLessThan(2.1);
  });
});
