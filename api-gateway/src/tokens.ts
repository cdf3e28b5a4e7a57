/** Injection tokens for the process-wide pino logger and Prometheus registry. */
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
