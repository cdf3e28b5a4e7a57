import './quiet-packet-debug';
import { describeDatabase } from '@energy/db';
import { createLogger, loadConfigOrExit, onShutdown } from '@energy/service-kit';
import { createEnergyBroker } from './broker';
import { loadBrokerConfig } from './config/env';

async function main(): Promise<void> {
  const config = loadConfigOrExit('broker', () => loadBrokerConfig());
  const logger = createLogger('broker', config.logLevel);
  logger.info({ database: describeDatabase(config.database) }, 'starting broker');
  const disabled = Object.entries(config.servicePasswords).filter(([, password]) => !password).map(([name]) => name);
  if (disabled.length > 0) logger.warn({ services: disabled }, 'service accounts without a password cannot log in');
  if (config.allowAnonymous) logger.warn('ALLOW_ANONYMOUS is on: clients without credentials may read energy/# (demo only)');

  const broker = await createEnergyBroker(config, { logger });
  onShutdown(logger, [['broker', () => broker.close()]]);
}

main().catch((err: unknown) => {
  process.stderr.write(`broker: failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
