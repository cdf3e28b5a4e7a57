import './quiet-packet-debug';
import { createLogger, loadConfigOrExit, onShutdown } from '@energy/service-kit';
import { loadIngestConfig } from './config/env';
import { startIngest } from './app';

async function main(): Promise<void> {
  const config = loadConfigOrExit('ingest-service', () => loadIngestConfig());
  const logger = createLogger('ingest', config.logLevel);
  const ingest = await startIngest(config, { logger });
  logger.info({ httpPort: ingest.httpPort }, 'ingest ready');
  onShutdown(logger, [['flush and close', () => ingest.close()]]);
}

main().catch((err) => {
  process.stderr.write(`ingest-service failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
