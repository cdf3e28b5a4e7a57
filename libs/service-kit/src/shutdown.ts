import type { Logger } from 'pino';

/**
 * Runs `steps` in order on SIGTERM or SIGINT (flush buffers, then close connections), then exits.
 * A second signal, or the deadline passing, exits at once.
 */
export function onShutdown(logger: Logger, steps: Array<[name: string, step: () => Promise<unknown> | unknown]>, deadlineMs = 20_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown deadline passed, exiting');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    let failed = false;
    for (const [name, step] of steps) {
      try {
        await step();
        logger.info({ step: name }, 'shutdown step done');
      } catch (err) {
        failed = true;
        logger.error({ step: name, err }, 'shutdown step failed');
      }
    }
    clearTimeout(timer);
    logger.info('stopped');
    logger.flush?.();
    process.exit(failed ? 1 : 0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
