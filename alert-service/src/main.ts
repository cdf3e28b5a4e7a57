import { redactText, createLogger, loadConfigOrExit, onShutdown } from '@energy/service-kit';
import { startAlertService } from './app';
import { loadAlertConfig } from './config/env';

async function main(): Promise<void> {
  const config = loadConfigOrExit('alert-service', () => loadAlertConfig());
  const logger = createLogger('alert-service', config.logLevel);
  try {
    const service = await startAlertService(config, { logger });
    onShutdown(logger, [['alert service', () => service.close()]]);
  } catch (err) {
    logger.fatal({ err: redactText((err as Error).message) }, 'alert service could not start');
    logger.flush?.();
    process.exit(1);
  }
}

void main();
