import type { LoadState } from '@energy/uno-sim';
import { minutes, type LoadStep } from './scenario';

/**
 * The loads the issue asks for, within the 5 A ACS712's range (±13.5 A peak) at 230 V.
 * Real power: resistive 920 W, PF 0.5 lagging and leading 460 W each, distorted 690 W.
 */
export const LOADS = {
  resistive: { vrms: 230, irms: 4 },
  inductive: { vrms: 230, irms: 4, lagDeg: 60 },
  capacitive: { vrms: 230, irms: 4, lagDeg: -60 },
  distorted: {
    vrms: 230,
    irms: 3,
    currentHarmonics: [
      { order: 3, ratio: 0.3 },
      { order: 5, ratio: 0.15, phaseDeg: 180 },
    ],
  },
  /** 1.8 kW: above the standard rule's 1500 W. */
  kettle: { vrms: 230, irms: 1800 / 230 },
} satisfies Record<string, LoadState>;

export const MIXED: LoadState[] = [LOADS.resistive, LOADS.inductive, LOADS.capacitive, LOADS.distorted];

/** Each device on one of the mixed loads, all the time. */
export const steadyMixed = (device: number): LoadStep[] => [{ atMs: 0, state: MIXED[device % MIXED.length]! }];

/**
 * A mixed load with a kettle (1.8 kW) for two minutes from `kettleAtMs`, so the standard rule has to
 * fire once per device. Without room for it in the run, the steady load alone.
 */
export function mixedWithKettle(kettleAtMs = minutes(1)) {
  return (device: number, durationMs: number): LoadStep[] => {
    const base = MIXED[device % MIXED.length]!;
    if (kettleAtMs + minutes(3) > durationMs) return [{ atMs: 0, state: base }];
    return [
      { atMs: 0, state: base },
      { atMs: kettleAtMs, state: LOADS.kettle },
      { atMs: kettleAtMs + minutes(2), state: base },
    ];
  };
}
