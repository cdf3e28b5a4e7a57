import type { Logger } from 'pino';
import { loadConfigOrExit } from './env';
import { createLogger } from './logger';
import { redactText } from './redact-text';
import { onShutdown } from './shutdown';

export interface ServiceEntry<Config extends { logLevel: string }, Running extends { close(): Promise<unknown> }> {
  /** Names the service in configuration errors and in the shutdown log. */
  service: string;
  /** The pino logger's name (the `name` field of every log line). */
  logName: string;
  loadConfig(): Config;
  start(config: Config, logger: Logger): Promise<Running>;
}

/**
 * Every service's process entry (`src/main.ts`): validated config or exit 78 with the reasons, a pino
 * logger, the service started, and graceful shutdown on SIGTERM/SIGINT (flush, then close). A service
 * that cannot start logs why (secrets redacted) and exits 1.
 */
export function runService<Config extends { logLevel: string }, Running extends { close(): Promise<unknown> }>(
  entry: ServiceEntry<Config, Running>,
): Promise<void> {
  const config = loadConfigOrExit(entry.service, () => entry.loadConfig());
  const logger = createLogger(entry.logName, config.logLevel);
  return entry.start(config, logger).then(
    (running) => onShutdown(logger, [[entry.service, () => running.close()]]),
    (err: unknown) => {
      const reason = redactText(err instanceof Error ? (err.stack ?? err.message) : String(err));
      logger.fatal({ err: reason }, `${entry.service} could not start`);
      // A silent logger must not make a failed start silent too.
      if (!logger.isLevelEnabled('fatal')) process.stderr.write(`${entry.service}: could not start: ${reason}\n`);
      logger.flush?.();
      process.exit(1);
    },
  );
}
