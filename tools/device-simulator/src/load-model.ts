import { seededRandom } from '@energy/service-kit';

export interface Measurement {
  voltageV: number;
  currentA: number;
  powerW: number;
  apparentPowerVa: number;
  powerFactor: number;
}

export interface LoadModelOptions {
  seed: number;
  /** Chance per second that a kettle or heater switches on (default: about twice an hour). */
  spikeChancePerSecond?: number;
  nominalVoltageV?: number;
}

export type ApplianceName = 'base' | 'fridge' | 'kettle' | 'heater' | 'forced';

export interface Appliance {
  name: ApplianceName;
  powerW: number;
  powerFactor: number;
}

/**
 * A household circuit: a steady base load, a fridge compressor that cycles, and occasional kettle or
 * heater spikes above 500 W, so alert rules have something real to fire on.
 */
export class LoadModel {
  private readonly random: () => number;
  private readonly baseW: number;
  private readonly fridgePhaseS: number;
  private spikeUntilS = -1;
  private spike: Appliance = { name: 'kettle', powerW: 0, powerFactor: 1 };
  private forcedSpikeW: number | null = null;
  private lastAppliances: readonly Appliance[] = [];

  constructor(private readonly options: LoadModelOptions) {
    this.random = seededRandom(options.seed);
    this.baseW = 60 + this.random() * 80;
    this.fridgePhaseS = this.random() * 2700;
  }

  /** Forces a constant extra load (tests and demos: a heater left on). null returns to the model. */
  forceExtraLoad(powerW: number | null): void {
    this.forcedSpikeW = powerW;
  }

  /** The appliances that made the last sample: the known truth that analytics tests score against. */
  get appliancesOn(): readonly Appliance[] {
    return this.lastAppliances;
  }

  sample(tMs: number): Measurement {
    const tS = tMs / 1000;
    const nominal = this.options.nominalVoltageV ?? 230;
    // Mains wanders slowly by a few volts, plus a little noise.
    const voltageV = nominal + 3 * Math.sin(tS / 600) + (this.random() - 0.5) * 1.2;

    const appliances: Appliance[] = [{ name: 'base', powerW: this.baseW * (0.95 + this.random() * 0.1), powerFactor: 0.92 }];
    // Fridge: 15 minutes on, 30 off.
    if ((tS + this.fridgePhaseS) % 2700 < 900) appliances.push({ name: 'fridge', powerW: 110 + this.random() * 15, powerFactor: 0.78 });
    if (this.forcedSpikeW !== null) appliances.push({ name: 'forced', powerW: this.forcedSpikeW, powerFactor: 1 });
    else {
      if (tS > this.spikeUntilS && this.random() < (this.options.spikeChancePerSecond ?? 1 / 1800)) {
        const kettle = this.random() < 0.6;
        this.spike = kettle ? { name: 'kettle', powerW: 1800 + this.random() * 400, powerFactor: 1 } : { name: 'heater', powerW: 900 + this.random() * 600, powerFactor: 0.99 };
        this.spikeUntilS = tS + (kettle ? 120 + this.random() * 120 : 300 + this.random() * 600);
      }
      if (tS <= this.spikeUntilS) appliances.push(this.spike);
    }

    this.lastAppliances = appliances;
    const powerW = appliances.reduce((sum, a) => sum + a.powerW, 0);
    // Apparent power adds per appliance (reactive parts assumed in phase: a fair approximation here).
    const apparentPowerVa = appliances.reduce((sum, a) => sum + a.powerW / a.powerFactor, 0);
    return { voltageV, currentA: apparentPowerVa / voltageV, powerW, apparentPowerVa, powerFactor: powerW / apparentPowerVa };
  }
}

export const ZERO_LOAD = (voltageV: number): Measurement => ({ voltageV, currentA: 0, powerW: 0, apparentPowerVa: 0, powerFactor: 0 });
