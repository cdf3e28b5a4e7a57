import { createLogger, loadConfigOrExit, onShutdown } from '@energy/service-kit';
import { startAnalyticsService } from './app';
import { loadAnalyticsConfig } from './config/env';

async function main(): Promise<void> {
  const config = loadConfigOrExit('analytics-service', () => loadAnalyticsConfig());
  const logger = createLogger('analytics-service', config.logLevel);
  try {
    const service = await startAnalyticsService(config, { logger });
    // Nest's close waits for a recomputation in progress, then the bus and the database close.
    onShutdown(logger, [['analytics service', () => service.close()]]);
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'analytics service could not start');
    logger.flush?.();
    process.exit(1);
  }
}

void main();
