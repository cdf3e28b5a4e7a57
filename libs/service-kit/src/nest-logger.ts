import type { Logger } from 'pino';
import { redactText } from './redact-text';

type Level = 'info' | 'warn' | 'error' | 'debug' | 'trace';

const text = (message: unknown): string => redactText(message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message));

/** A copy of the error whose message and stack carry no URL password or key. */
function redactedError(error: Error): Error {
  const copy = new Error(redactText(error.message));
  copy.name = error.name;
  copy.stack = error.stack ? redactText(error.stack) : undefined;
  return copy;
}

/**
 * Routes NestJS's own log lines (start-up, the MQTT transport's errors) into the service's pino
 * logger, with every URL and key in them redacted like the service's own lines. Nest passes the
 * context as the last string argument, and `error` a stack trace before it.
 */
export function nestLoggerFrom(logger: Logger) {
  const line =
    (level: Level) =>
    (message: unknown, ...rest: unknown[]) => {
      const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
      const trace = level === 'error' && rest.length >= 2 && typeof rest[0] === 'string' ? redactText(rest[0]) : undefined;
      const err = message instanceof Error ? redactedError(message) : undefined;
      logger[level]({ context, ...(err ? { err } : {}), ...(trace ? { trace } : {}) }, text(message));
    };
  return { log: line('info'), warn: line('warn'), error: line('error'), debug: line('debug'), verbose: line('trace'), fatal: line('error') };
}
