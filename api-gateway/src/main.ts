import 'reflect-metadata';
import { createLogger, loadConfigOrExit, onShutdown } from '@energy/service-kit';
import { startGateway } from './app';
import { loadGatewayConfig } from './config/env';

async function main(): Promise<void> {
  const config = loadConfigOrExit('api-gateway', () => loadGatewayConfig());
  const logger = createLogger('api-gateway', config.logLevel);
  const gateway = await startGateway(config, { logger });
  // Nest's close runs the shutdown hooks: live streams end, then the bus and the database close.
  onShutdown(logger, [['gateway', () => gateway.close()]]);
}

main().catch((err) => {
  process.stderr.write(`api-gateway: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
