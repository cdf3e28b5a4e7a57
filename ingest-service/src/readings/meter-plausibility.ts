import type { Reading } from '@energy/contracts';

export interface MeterRating {
  /** The largest current the site's meters can carry (MAX_CURRENT_A); more is a unit error, not a load. */
  maxCurrentA: number;
}

/** V x I and apparent_power_va may differ by this share, plus the encoding's rounding (1 VA). */
const VA_TOLERANCE = 0.02;
const VA_ROUNDING = 1;

const amperes = (value: number) => String(Math.round(value * 1000) / 1000);
const voltAmperes = (value: number) => String(Math.round(value * 10) / 10);

/**
 * Why a reading that passed the contract cannot be a real measurement of this site's meters, or
 * null. The contract allows up to 100 A, so a sender that puts milliamperes in `Current` would
 * otherwise be stored as a heavy load: the current is checked against the meters' rating, and
 * against the apparent power the meter reports (a meter's apparent power is Vrms x Irms).
 */
export function implausibleReading(reading: Reading, rating: MeterRating): string | null {
  const { Voltage: v, Current: i, apparent_power_va: va } = reading;
  if (i > rating.maxCurrentA) return `Current ${amperes(i)} A is above this meter's ${amperes(rating.maxCurrentA)} A rating (MAX_CURRENT_A); was it sent in mA?`;
  if (va === undefined) return null;
  const vi = v * i;
  if (Math.abs(vi - va) <= VA_TOLERANCE * Math.max(vi, va) + VA_ROUNDING) return null;
  const ratio = vi / va;
  if (ratio > 500 && ratio < 2000) {
    return `Current: Voltage x Current = ${voltAmperes(vi)} VA but apparent_power_va is ${voltAmperes(va)} VA (1000 times less); was Current sent in mA?`;
  }
  return `apparent_power_va: ${voltAmperes(va)} VA disagrees with Voltage x Current = ${voltAmperes(vi)} VA by more than ${VA_TOLERANCE * 100} %`;
}
