import { runService } from '@energy/service-kit';
import { startAnalyticsService } from './app';
import { loadAnalyticsConfig } from './config/env';

// On shutdown Nest's close waits for a recomputation in progress, then the bus and the database close.
void runService({
  service: 'analytics-service',
  logName: 'analytics-service',
  loadConfig: loadAnalyticsConfig,
  start: (config, logger) => startAnalyticsService(config, { logger }),
});
