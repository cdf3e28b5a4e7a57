import type { Logger } from 'pino';

/** Routes NestJS's own log lines into the service's pino logger. */
export function nestLoggerFrom(logger: Logger) {
  const line = (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') => (message: unknown, ...rest: unknown[]) => {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (message instanceof Error) logger[level]({ err: message, context }, message.message);
    else logger[level]({ context }, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { log: line('info'), warn: line('warn'), error: line('error'), debug: line('debug'), verbose: line('trace'), fatal: line('error') };
}
