// Turns a load profile into the raw ADC counts the UNO reads on A0 (voltage) and A1 (current) at
// a given instant, with the profile's sensor model: bias, scale, phase error and seeded noise.
// Each simulated meter owns one, so its noise sequence does not depend on any other meter.
import { LoadProfile } from './load-profile';
import { adcCounts } from './sensor-model';
import { Prng } from './prng';

export const VOLTAGE_CHANNEL = 0;
export const CURRENT_CHANNEL = 1;

export class AdcFrontEnd {
  private readonly prng: Prng;

  constructor(private readonly profile: LoadProfile) {
    this.prng = new Prng(profile.seed);
  }

  /** Counts for an ADC channel sampled at virtual ms (unconnected channels read 0). */
  read(channel: number, ms: number): number {
    if (channel === VOLTAGE_CHANNEL) return this.voltageCounts(ms);
    if (channel === CURRENT_CHANNEL) return this.currentCounts(ms);
    return 0;
  }

  voltageCounts(ms: number): number {
    const s = this.profile.sensors;
    const wave = this.profile.waveformAt(ms);
    const t = this.profile.seconds(ms) + s.voltageLeadDeg / (360 * wave.state.hz);
    return adcCounts(s.voltageBiasV + wave.voltage(t) / s.voltsPerPinVolt, s.supplyV, this.noise());
  }

  currentCounts(ms: number): number {
    const s = this.profile.sensors;
    const wave = this.profile.waveformAt(ms);
    const t = this.profile.seconds(ms) + s.currentLeadDeg / (360 * wave.state.hz);
    return adcCounts(s.currentBiasV + wave.current(t) / s.ampsPerPinVolt, s.supplyV, this.noise());
  }

  private noise(): number {
    const sigma = this.profile.sensors.noiseCounts;
    return sigma > 0 ? sigma * this.prng.gaussian() : 0;
  }
}
