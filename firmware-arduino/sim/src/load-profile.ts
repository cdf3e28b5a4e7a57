// What the meter is connected to over time: steps of steady load (each a Waveform), "off" while
// the mains is absent, and the sensors between the mains and the ADC. Gives the exact physical
// truth for any instant or interval, which is what a simulated meter's readings are judged by.
import { PhysicalTruth, LoadState, Waveform } from './waveform';
import { NOMINAL_SENSORS, SensorModel } from './sensor-model';

export interface ProfileStep extends LoadState {
  /** Virtual ms from which this state holds (until the next step). Steps must be in time order. */
  atMs: number;
}

export interface LoadProfileOptions {
  steps: ProfileStep[];
  /** Sensor front end; defaults are the nominal sensors calibration.h assumes. */
  sensors?: Partial<SensorModel>;
  /** Seed for the sensor noise. Default 1. */
  seed?: number;
  /** Virtual ms where the sinusoids' phase is 0. Default: the first step's atMs. */
  originMs?: number;
}

export interface IntervalTruth {
  /** Exact integral of v*i over the interval, Wh. */
  energyWh: number;
  /** Mean real power over the interval, W. */
  meanPowerW: number;
}

const OFF = new Waveform({ off: true });

export class LoadProfile {
  readonly steps: readonly ProfileStep[];
  readonly sensors: Readonly<SensorModel>;
  readonly seed: number;
  readonly originMs: number;
  private readonly waves: Waveform[];
  /** The sims ask in increasing time: start the step search where the last one ended. */
  private lastIndex = -1;

  constructor(opts: LoadProfileOptions) {
    if (opts.steps.length === 0) throw new Error('a load profile needs at least one step');
    for (let k = 1; k < opts.steps.length; k++)
      if (!(opts.steps[k].atMs >= opts.steps[k - 1].atMs)) throw new Error(`profile step ${k} is before step ${k - 1}`);
    this.steps = opts.steps.map((s) => ({ ...s }));
    this.sensors = { ...NOMINAL_SENSORS, ...opts.sensors };
    this.seed = opts.seed ?? 1;
    const first = opts.steps[0].atMs;
    this.originMs = opts.originMs ?? (Number.isFinite(first) ? first : 0);
    this.waves = this.steps.map((s) => new Waveform(s));
  }

  /** One state forever (from any time on). */
  static steady(state: LoadState, opts: Omit<LoadProfileOptions, 'steps'> = {}): LoadProfile {
    return new LoadProfile({ ...opts, originMs: opts.originMs ?? 0, steps: [{ ...state, atMs: -Infinity }] });
  }

  /** The waveform in force at virtual ms (mains off before the first step). */
  waveformAt(ms: number): Waveform {
    const k = this.stepIndexAt(ms);
    return k < 0 ? OFF : this.waves[k];
  }

  /** Seconds since the origin: the time the waveforms take. */
  seconds(ms: number): number {
    return (ms - this.originMs) / 1000;
  }

  voltage(ms: number): number {
    return this.waveformAt(ms).voltage(this.seconds(ms));
  }

  current(ms: number): number {
    return this.waveformAt(ms).current(this.seconds(ms));
  }

  /** Steady-state truth of the step in force at ms. */
  truthAt(ms: number): PhysicalTruth {
    return this.waveformAt(ms).truth();
  }

  /** Exact energy and mean power between two virtual instants, across any steps. */
  truthBetween(fromMs: number, toMs: number): IntervalTruth {
    if (!(toMs >= fromMs)) throw new Error(`interval ends (${toMs}) before it starts (${fromMs})`);
    let joules = 0;
    for (let k = 0; k < this.steps.length; k++) {
      const start = Math.max(fromMs, this.steps[k].atMs);
      const end = Math.min(toMs, k + 1 < this.steps.length ? this.steps[k + 1].atMs : Infinity);
      if (end > start) joules += this.waves[k].energyJ(this.seconds(start), this.seconds(end));
    }
    const energyWh = joules / 3600;
    return { energyWh, meanPowerW: toMs > fromMs ? joules / ((toMs - fromMs) / 1000) : 0 };
  }

  private stepIndexAt(ms: number): number {
    let k = this.lastIndex;
    if (k >= this.steps.length || (k >= 0 && this.steps[k].atMs > ms)) k = -1;
    while (k + 1 < this.steps.length && this.steps[k + 1].atMs <= ms) k++;
    this.lastIndex = k;
    return k;
  }
}
