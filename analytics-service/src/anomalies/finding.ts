import { FindingKind } from '@energy/contracts';

/** The kinds live in libs/contracts (the alert service and the dashboard read them too). */
export { FindingKind } from '@energy/contracts';

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
