import { Waveform } from './waveform';

/** Midpoint-rule integral of f over [a, b] with n steps. */
function integrate(f: (t: number) => number, a: number, b: number, n = 200_000): number {
  const h = (b - a) / n;
  let s = 0;
  for (let k = 0; k < n; k++) s += f(a + (k + 0.5) * h);
  return s * h;
}

describe('Waveform', () => {
  it('defaults to 230 V 50 Hz and no load', () => {
    const w = new Waveform({});
    expect(w.truth()).toEqual({ vrms: expect.closeTo(230, 9), irms: 0, powerW: 0, apparentVa: 0, powerFactor: 0 });
    expect(w.current(0.0123)).toBe(0);
    expect(w.voltage(0.005)).toBeCloseTo(230 * Math.SQRT2, 9); // a quarter cycle: the peak
  });

  it.each([
    ['resistive', 0, 1],
    ['PF 0.5 lagging', 60, 0.5],
    ['PF 0.5 leading', -60, 0.5],
  ])('%s: real power is Vrms * Irms * cos(lag)', (_name, lagDeg, pf) => {
    const w = new Waveform({ vrms: 230, irms: 3, lagDeg });
    const truth = w.truth();
    expect(truth.powerW).toBeCloseTo(690 * pf, 9);
    expect(truth.powerFactor).toBeCloseTo(pf, 12);
    // A lagging current peaks after the voltage does.
    if (lagDeg > 0) expect(w.current(0.005 + (lagDeg / 360) * 0.02)).toBeCloseTo(3 * Math.SQRT2, 9);
    if (lagDeg < 0) expect(w.current(0.005 + (lagDeg / 360) * 0.02)).toBeCloseTo(3 * Math.SQRT2, 9);
  });

  it('with harmonics: RMS, power and energy agree with numerical integration of the samples', () => {
    const w = new Waveform({
      vrms: 229,
      irms: 4,
      hz: 50,
      lagDeg: 25,
      voltageHarmonics: [
        { order: 3, ratio: 0.03, phaseDeg: 10 },
        { order: 5, ratio: 0.02, phaseDeg: -40 },
      ],
      currentHarmonics: [
        { order: 3, ratio: 0.4, phaseDeg: 30 },
        { order: 5, ratio: 0.2, phaseDeg: 70 },
      ],
    });
    const truth = w.truth();
    const cycle = 0.02;
    const vrms = Math.sqrt(integrate((t) => w.voltage(t) ** 2, 0, cycle) / cycle);
    const irms = Math.sqrt(integrate((t) => w.current(t) ** 2, 0, cycle) / cycle);
    const power = integrate((t) => w.voltage(t) * w.current(t), 0, cycle) / cycle;
    expect(truth.vrms).toBeCloseTo(vrms, 6);
    expect(truth.irms).toBeCloseTo(irms, 8);
    expect(truth.powerW).toBeCloseTo(power, 5);
    expect(truth.vrms).toBeCloseTo(229 * Math.sqrt(1 + 0.03 ** 2 + 0.02 ** 2), 9);
    // Harmonic power is in there: it is not Vrms * Irms * cos(lag) of the fundamentals.
    expect(Math.abs(truth.powerW - 229 * 4 * Math.cos((25 * Math.PI) / 180))).toBeGreaterThan(1);
    // Energy over an interval that is not whole cycles, oscillating part included.
    const [a, b] = [0.0037, 0.0791];
    expect(w.energyJ(a, b)).toBeCloseTo(integrate((t) => w.voltage(t) * w.current(t), a, b), 5);
  });

  it('off: no voltage, no current, no energy', () => {
    const w = new Waveform({ off: true, vrms: 230, irms: 5 });
    expect(w.voltage(0.005)).toBe(0);
    expect(w.current(0.005)).toBe(0);
    expect(w.energyJ(0, 10)).toBe(0);
    expect(w.truth().vrms).toBe(0);
  });
});
