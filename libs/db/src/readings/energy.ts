import { READING_LIMITS } from '@energy/contracts';

/** What the energy calculation needs to know about one reading. */
export interface EnergySample {
  tsMs: number;
  powerW: number;
  /** The device's cumulative counter, when it has one. */
  counterWh: number | null;
}

export interface EnergyOptions {
  /** Integration never bridges a gap longer than this: no energy is invented across an outage. */
  maxIntegrationGapMs: number;
}

export const DEFAULT_ENERGY_OPTIONS: EnergyOptions = { maxIntegrationGapMs: 5 * 60_000 };

const HOUR_MS = 3_600_000;

/**
 * Energy (Wh) attributed to the interval that ends at `current`.
 *
 * - With counters on both sides, the counter's delta: counters survive gaps, so an outage is billed
 *   exactly. A counter that went backwards was reset (a reboot): the energy since the reset is the
 *   new counter value itself. A delta larger than the meter could physically have measured in the
 *   elapsed time is treated as a reset too, so a reboot never produces a huge spike.
 * - Otherwise trapezoidal integration of power, only across gaps up to `maxIntegrationGapMs`.
 */
export function energyDeltaWh(previous: EnergySample | null, current: EnergySample, options: EnergyOptions = DEFAULT_ENERGY_OPTIONS): number {
  if (!previous) return 0;
  const elapsedMs = Math.max(0, current.tsMs - previous.tsMs);
  const physicalMaxWh = (READING_LIMITS.powerW.max * Math.max(elapsedMs, 1_000)) / HOUR_MS;

  if (previous.counterWh !== null && current.counterWh !== null) {
    const delta = current.counterWh - previous.counterWh;
    if (delta >= 0 && delta <= physicalMaxWh) return delta;
    // Reset: count what the meter has measured since it restarted, if that is believable.
    return current.counterWh <= physicalMaxWh ? current.counterWh : 0;
  }

  if (elapsedMs === 0 || elapsedMs > options.maxIntegrationGapMs) return 0;
  return ((previous.powerW + current.powerW) / 2) * (elapsedMs / HOUR_MS);
}
