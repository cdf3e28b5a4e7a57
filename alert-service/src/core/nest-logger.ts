import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@energy/service-kit';
import { redactText } from './redact';

const text = (message: unknown): string => redactText(message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message));

/** Routes Nest's own log lines (e.g. the MQTT transport's) through pino, redacted like ours. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, text(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace: trace ? redactText(String(trace)) : undefined }, text(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, text(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, text(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, text(message));
  }
}
