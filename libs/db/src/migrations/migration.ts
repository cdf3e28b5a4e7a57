import type { Dialect } from '../database';

/** One versioned schema change, written once per dialect. Never edit a released migration; add a new one. */
export interface Migration {
  version: number;
  name: string;
  up: Record<Dialect, string[]>;
}
