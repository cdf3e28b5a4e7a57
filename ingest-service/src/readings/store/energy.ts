import { READING_LIMITS } from '@energy/contracts';

/** What the energy calculation needs to know about one reading. */
export interface EnergySample {
  tsMs: number;
  powerW: number;
  /** The device's lifetime counter (the ESP32's `energy_wh`), when it has one. Best effort: see below. */
  counterWh: number | null;
  /** The meter's boot number and the energy it measured since that boot (`meter_boot`, `meter_wh`): exact. */
  meterBoot?: number | null;
  meterWh?: number | null;
}

export interface EnergyOptions {
  /** Integration never bridges a gap longer than this: no energy is invented across an outage. */
  maxIntegrationGapMs: number;
}

export const DEFAULT_ENERGY_OPTIONS: EnergyOptions = { maxIntegrationGapMs: 5 * 60_000 };

/** The energy of one interval and when it was used: (fromMs, current.tsMs]. Rollups spread it linearly over that span. */
export interface IntervalEnergy {
  wh: number;
  fromMs: number;
}

const HOUR_MS = 3_600_000;
/**
 * A lifetime counter that stepped back is a reset to zero only if its new value could have been
 * counted since: at most this many times the larger of the two powers seen, over the elapsed time.
 */
const RESET_POWER_MARGIN = 1.5;
/** Rounding of the 3-decimal counters. */
const COUNTER_RESOLUTION_WH = 0.001;

/**
 * Energy (Wh) of the interval that ends at `current`, and the span it covers.
 *
 * - Both readings carry the meter's boot number and its energy since boot: within one boot the
 *   difference is exact, across any outage or ESP32 reboot. A new boot (or a count that stepped back)
 *   means the meter restarted: the energy since it booted is the new count, and it was used just
 *   before this reading (the span its power needs for it, at most the interval), not over the cut.
 * - Otherwise the lifetime counter's delta: counters survive gaps, so an outage is billed exactly.
 *   A counter that steps back is a reset to zero only when its new value is believable for the time
 *   and the powers seen; otherwise the device restarted from a value it saved a while ago, and only
 *   what power integrates to across a short gap is booked: never the counter itself (issue 13).
 * - Otherwise trapezoidal integration of power, only across gaps up to `maxIntegrationGapMs`.
 */
export function intervalEnergy(previous: EnergySample | null, current: EnergySample, options: EnergyOptions = DEFAULT_ENERGY_OPTIONS): IntervalEnergy {
  if (!previous) return { wh: 0, fromMs: current.tsMs };
  const elapsedMs = Math.max(0, current.tsMs - previous.tsMs);
  const fromMs = current.tsMs - elapsedMs;
  const physicalMaxWh = (READING_LIMITS.powerW.max * Math.max(elapsedMs, 1_000)) / HOUR_MS;

  if (hasMeter(previous) && hasMeter(current)) {
    if (current.meterBoot === previous.meterBoot && current.meterWh >= previous.meterWh) return { wh: current.meterWh - previous.meterWh, fromMs };
    if (current.meterWh <= physicalMaxWh) return sinceRestart(current.meterWh, current, elapsedMs);
    // The meter cannot have measured that since the previous reading: fall through to the other evidence.
  }

  if (previous.counterWh !== null && current.counterWh !== null) {
    const delta = current.counterWh - previous.counterWh;
    if (delta >= 0 && delta <= physicalMaxWh) return { wh: delta, fromMs };
    const believableWh = (RESET_POWER_MARGIN * Math.max(previous.powerW, current.powerW) * elapsedMs) / HOUR_MS + COUNTER_RESOLUTION_WH;
    if (current.counterWh <= Math.min(believableWh, physicalMaxWh)) return sinceRestart(current.counterWh, current, elapsedMs);
    // Restarted from a saved value (or garbage): no spike, only what power says.
  }

  return { wh: integratePower(previous, current, elapsedMs, options), fromMs };
}

/** The energy alone; see `intervalEnergy`. */
export function energyDeltaWh(previous: EnergySample | null, current: EnergySample, options: EnergyOptions = DEFAULT_ENERGY_OPTIONS): number {
  return intervalEnergy(previous, current, options).wh;
}

function hasMeter(s: EnergySample): s is EnergySample & { meterBoot: number; meterWh: number } {
  return s.meterBoot !== undefined && s.meterBoot !== null && s.meterWh !== undefined && s.meterWh !== null;
}

/** Energy counted since a restart, placed in the time the current power needs for it, just before the reading. */
function sinceRestart(wh: number, current: EnergySample, elapsedMs: number): IntervalEnergy {
  const neededMs = current.powerW > 0 ? (wh / current.powerW) * HOUR_MS : Infinity;
  return { wh, fromMs: current.tsMs - Math.min(elapsedMs, neededMs) };
}

function integratePower(previous: EnergySample, current: EnergySample, elapsedMs: number, options: EnergyOptions): number {
  if (elapsedMs === 0 || elapsedMs > options.maxIntegrationGapMs) return 0;
  return ((previous.powerW + current.powerW) / 2) * (elapsedMs / HOUR_MS);
}
