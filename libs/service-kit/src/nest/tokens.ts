/**
 * Injection tokens for what a service's bootstrap builds before Nest starts (so tests can hand in
 * their own). Every Nest service injects its config, logger, database and clock by these.
 */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const DATABASE = Symbol('DATABASE');
export const CLOCK = Symbol('CLOCK');
