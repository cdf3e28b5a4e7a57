import { runService } from '@energy/service-kit';
import { startAlertService } from './app';
import { loadAlertConfig } from './config/env';

void runService({
  service: 'alert-service',
  logName: 'alert-service',
  loadConfig: loadAlertConfig,
  start: (config, logger) => startAlertService(config, { logger }),
});
