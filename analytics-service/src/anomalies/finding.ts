/** What the service can find unusual. Missing data is never one of them: that is the `offline` rule's matter. */
export const FindingKind = {
  /** Consumption far above what is usual for this time of week, for hours. */
  unusuallyHigh: 'unusually_high',
  /** Consumption far below what is usual for this time of week, for a day or more. */
  unusuallyLow: 'unusually_low',
  /** The always-on load (night-time minimum) rose and stayed up, night after night. */
  baseLoadRise: 'base_load_rise',
  /** A load stayed on far longer than any load of its size has before. */
  longRunning: 'long_running',
  /** The device repeats the very same reading far longer than it ever has (a stuck sensor). */
  flatReadings: 'flat_readings',
  /** Readings that cannot be physically right (power above volts × amps, a voltage no mains has). */
  implausibleReadings: 'implausible_readings',
} as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

export const FINDING_KINDS: readonly FindingKind[] = Object.values(FindingKind);

export interface Finding {
  kind: FindingKind;
  /** UTC ms, start inclusive, end exclusive. */
  startMs: number;
  endMs: number;
  /** Why, in words a user can check: "2.1 kWh in the last 3 h, usually 0.6 kWh on a Saturday afternoon". */
  sentence: string;
  /** The measured figure and its usual value, in `unit`. */
  observed: number;
  usual: number;
  unit: 'kWh' | 'W' | 'min';
}

export const overlaps = (a: { startMs: number; endMs: number }, b: { startMs: number; endMs: number }): boolean => a.startMs < b.endMs && b.startMs < a.endMs;
