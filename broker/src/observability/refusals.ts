import { RateLimitedLog, type Logger } from '@energy/service-kit';
import type { RefusalReason } from '../shared/refusal';
import type { BrokerMetrics } from './broker-metrics';

/**
 * Every refusal is counted by reason and logged with its message. Logs are rate-limited per reason,
 * so a client hammering the broker cannot flood the log; the counter still sees every one.
 */
export class RefusalRecorder {
  private readonly rateLimit = new RateLimitedLog(10_000);

  constructor(
    private readonly logger: Logger,
    private readonly metrics: BrokerMetrics,
  ) {}

  record(reason: RefusalReason, message: string, context: Record<string, unknown> = {}): void {
    this.metrics.refusals.inc({ reason });
    const suppressed = this.rateLimit.allow(reason);
    if (suppressed === null) return;
    this.logger.warn({ reason, ...context, ...(suppressed > 0 ? { suppressedSimilar: suppressed } : {}) }, message);
  }
}
