// Mains voltage and load current as functions of time, for one steady state of the load, and their
// exact physical truth (RMS, real power, energy over any interval), computed analytically from the
// same sinusoids the simulated ADC samples.
//
//   v(t) = sqrt2 * Vrms * [ sin(wt)        + sum_h rv_h * sin(h*wt + pv_h) ]
//   i(t) = sqrt2 * Irms * [ sin(wt - lag)  + sum_h ri_h * sin(h*(wt - lag) + pi_h) ]
//
// Vrms and Irms are the fundamental's; harmonic ratios are relative to the fundamental's amplitude
// and their phases to the fundamental's own (h-times) phase.

export interface Harmonic {
  /** 2, 3, 5, ... */
  order: number;
  /** Amplitude relative to the fundamental (0.3 = 30 %). */
  ratio: number;
  /** Phase in degrees, relative to the fundamental shifted h times. Default 0. */
  phaseDeg?: number;
}

export interface LoadState {
  /** Mains absent: voltage and current are 0. */
  off?: boolean;
  /** RMS of the fundamental voltage, V. Default 230. */
  vrms?: number;
  /** RMS of the fundamental current, A. Default 0. */
  irms?: number;
  /** Mains frequency, Hz. Default 50. */
  hz?: number;
  /** How far the current lags the voltage, degrees: 60 = PF 0.5 lagging (inductive), -60 = PF 0.5 leading (capacitive). */
  lagDeg?: number;
  voltageHarmonics?: Harmonic[];
  currentHarmonics?: Harmonic[];
}

/** What an ideal meter would read for a steady state. */
export interface PhysicalTruth {
  vrms: number;
  irms: number;
  powerW: number;
  apparentVa: number;
  /** powerW / apparentVa, 0 when either is 0. */
  powerFactor: number;
}

/** One sinusoid: amplitude * sin(omega * t + phase). */
interface Tone {
  amplitude: number;
  omega: number;
  phase: number;
}

const SQRT2 = Math.SQRT2;
const DEG = Math.PI / 180;

export class Waveform {
  readonly state: Readonly<Required<LoadState>>;
  private readonly voltageTones: Tone[];
  private readonly currentTones: Tone[];

  constructor(state: LoadState) {
    this.state = {
      off: state.off ?? false,
      vrms: state.vrms ?? 230,
      irms: state.irms ?? 0,
      hz: state.hz ?? 50,
      lagDeg: state.lagDeg ?? 0,
      voltageHarmonics: state.voltageHarmonics ?? [],
      currentHarmonics: state.currentHarmonics ?? [],
    };
    const { off, vrms, irms, hz, lagDeg, voltageHarmonics, currentHarmonics } = this.state;
    const w = 2 * Math.PI * hz;
    const lag = lagDeg * DEG;
    this.voltageTones = off
      ? []
      : [
          { amplitude: SQRT2 * vrms, omega: w, phase: 0 },
          ...voltageHarmonics.map((h) => ({ amplitude: SQRT2 * vrms * h.ratio, omega: h.order * w, phase: (h.phaseDeg ?? 0) * DEG })),
        ].filter((t) => t.amplitude !== 0);
    this.currentTones = off
      ? []
      : [
          { amplitude: SQRT2 * irms, omega: w, phase: -lag },
          ...currentHarmonics.map((h) => ({
            amplitude: SQRT2 * irms * h.ratio,
            omega: h.order * w,
            phase: -h.order * lag + (h.phaseDeg ?? 0) * DEG,
          })),
        ].filter((t) => t.amplitude !== 0);
  }

  /** Mains voltage at t seconds (of the profile's time origin). */
  voltage(t: number): number {
    return sum(this.voltageTones, t);
  }

  /** Load current at t seconds. */
  current(t: number): number {
    return sum(this.currentTones, t);
  }

  truth(): PhysicalTruth {
    const vrms = rms(this.voltageTones);
    const irms = rms(this.currentTones);
    // Mean of v*i: only tones of the same frequency contribute.
    let powerW = 0;
    for (const v of this.voltageTones)
      for (const i of this.currentTones) if (v.omega === i.omega) powerW += 0.5 * v.amplitude * i.amplitude * Math.cos(v.phase - i.phase);
    const apparentVa = vrms * irms;
    return { vrms, irms, powerW, apparentVa, powerFactor: apparentVa > 0 ? powerW / apparentVa : 0 };
  }

  /** Exact integral of v(t) * i(t) from t0 to t1 seconds, in joules (the oscillating part included). */
  energyJ(t0: number, t1: number): number {
    let joules = 0;
    // sin(a) sin(b) = (cos(a - b) - cos(a + b)) / 2
    for (const v of this.voltageTones)
      for (const i of this.currentTones) {
        const k = 0.5 * v.amplitude * i.amplitude;
        joules += k * integralOfCos(v.omega - i.omega, v.phase - i.phase, t0, t1);
        joules -= k * integralOfCos(v.omega + i.omega, v.phase + i.phase, t0, t1);
      }
    return joules;
  }
}

function sum(tones: Tone[], t: number): number {
  let s = 0;
  for (const tone of tones) s += tone.amplitude * Math.sin(tone.omega * t + tone.phase);
  return s;
}

/** RMS of a sum of sinusoids of distinct frequencies. */
function rms(tones: Tone[]): number {
  let meanSquare = 0;
  for (const t of tones) meanSquare += (t.amplitude * t.amplitude) / 2;
  return Math.sqrt(meanSquare);
}

/** Integral of cos(omega * t + phase) dt from t0 to t1. */
function integralOfCos(omega: number, phase: number, t0: number, t1: number): number {
  if (Math.abs(omega) < 1e-12) return (t1 - t0) * Math.cos(phase);
  return (Math.sin(omega * t1 + phase) - Math.sin(omega * t0 + phase)) / omega;
}
