import 'reflect-metadata';
import { runService } from '@energy/service-kit';
import { startGateway } from './app';
import { loadGatewayConfig } from './config/env';

// On shutdown Nest's close runs the shutdown hooks: live streams end, then the bus and the database close.
void runService({
  service: 'api-gateway',
  logName: 'api-gateway',
  loadConfig: loadGatewayConfig,
  start: (config, logger) => startGateway(config, { logger }),
});
