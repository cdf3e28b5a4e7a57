import './quiet-packet-debug';
import { describeDatabase } from '@energy/db';
import { runService } from '@energy/service-kit';
import { createEnergyBroker } from './broker';
import { loadBrokerConfig } from './config/env';

void runService({
  service: 'broker',
  logName: 'broker',
  loadConfig: loadBrokerConfig,
  start: (config, logger) => {
    logger.info({ database: describeDatabase(config.database) }, 'starting broker');
    const disabled = Object.entries(config.servicePasswords).filter(([, password]) => !password).map(([name]) => name);
    if (disabled.length > 0) logger.warn({ services: disabled }, 'service accounts without a password cannot log in');
    if (config.allowAnonymous) logger.warn('ALLOW_ANONYMOUS is on: clients without credentials may read energy/# (demo only)');
    return createEnergyBroker(config, { logger });
  },
});
