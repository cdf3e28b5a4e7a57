/** Injection tokens for what the bootstrap builds before Nest starts (so tests can hand in their own). */
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');

/** Wall-clock time, injected so the hourly jobs can run against a test clock. */
export interface Clock {
  now(): number;
}
