/** Injection tokens for what the bootstrap builds before Nest starts (so tests can hand in their own). */
export const ALERT_CONFIG = Symbol('ALERT_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const LOGGER = Symbol('LOGGER');
export const CLOCK = Symbol('CLOCK');
export const NOTIFIER = Symbol('NOTIFIER');
