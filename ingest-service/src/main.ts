import './quiet-packet-debug';
import { runService } from '@energy/service-kit';
import { startIngest } from './app';
import { loadIngestConfig } from './config/env';

// On shutdown the ingest stops consuming, flushes its buffer (acking what lands), then closes.
void runService({
  service: 'ingest-service',
  logName: 'ingest',
  loadConfig: loadIngestConfig,
  start: async (config, logger) => {
    const ingest = await startIngest(config, { logger });
    logger.info({ httpPort: ingest.httpPort }, 'ingest ready');
    return ingest;
  },
});
