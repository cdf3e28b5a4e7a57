import { Inject, Injectable, Optional } from '@nestjs/common';
import { DeliveriesStore, NotificationRecipientsRepository, type DeliveryAttempt, type DeliveryOutcome } from '@energy/db';
import { redactText, maskPhone, type Logger, type Clock } from '@energy/service-kit';
import type { AlertConfig } from '../config/env';
import { CLOCK, CONFIG, LOGGER } from '@energy/service-kit/nest';
import { AlertMetrics } from '../observability/metrics';
import { NOTIFIER, NotificationDeliveryError, type Notifier } from '../shared/notifier';
import { RecipientRateLimiter } from './recipient-rate-limiter';

export interface NotificationJob {
  alertId: number | null;
  event: 'raised' | 'cleared' | 'reminder';
  text: string;
  /** Empty: the configured default recipient. */
  recipients: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * Delivers messages off the evaluation path: `notify` returns at once, each recipient has its own
 * serial queue, and a notifier that hangs or fails only delays its own recipient. Every attempt and
 * its outcome goes to the delivery log.
 */
@Injectable()
export class NotificationService {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly limiter: RecipientRateLimiter;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    private readonly deliveries: DeliveriesStore,
    @Inject(CONFIG) private readonly config: AlertConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: AlertMetrics,
    @Optional() private readonly stored?: NotificationRecipientsRepository,
  ) {
    this.limiter = new RecipientRateLimiter(config.delivery.maxPerHour, config.delivery.minIntervalMs);
  }

  notify(job: NotificationJob): void {
    if (job.recipients.length > 0 || !this.stored) {
      this.enqueue(job, job.recipients.length > 0 ? job.recipients : this.envDefault());
      return;
    }
    // A rule without recipients goes to CALLMEBOT_PHONE and to every recipient stored from the dashboard.
    const resolving = this.stored
      .list()
      .then((rows) => rows.map((r) => r.phone))
      .catch((err: Error) => {
        this.logger.error({ err: redactText(err.message) }, 'could not read the stored notification recipients');
        return [] as string[];
      })
      .then((phones) => {
        const env = this.config.callMeBot.defaultPhone;
        this.enqueue(job, env || phones.length > 0 ? [...(env ? [env] : []), ...phones] : this.envDefault());
      });
    this.pending.add(resolving);
    void resolving.finally(() => this.pending.delete(resolving));
  }

  private envDefault(): string[] {
    return [this.config.callMeBot.defaultPhone ?? (this.notifier.channel === 'log' ? 'log' : '')];
  }

  private enqueue(job: NotificationJob, recipients: string[]): void {
    for (const recipient of new Set(recipients)) {
      const previous = this.queues.get(recipient) ?? Promise.resolve();
      const next = previous.then(() => this.deliver(job, recipient)).catch((err: Error) => this.logger.error({ err: redactText(err.message) }, 'notification delivery crashed'));
      this.queues.set(recipient, next);
      this.pending.add(next);
      void next.finally(() => {
        this.pending.delete(next);
        if (this.queues.get(recipient) === next) this.queues.delete(recipient);
      });
    }
  }

  /** Waits for queued deliveries, at most `timeoutMs`; used at shutdown and by tests. */
  async drain(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.all([...this.pending]), sleep(Math.max(1, deadline - Date.now()))]);
    }
  }

  private async deliver(job: NotificationJob, recipient: string): Promise<void> {
    await this.notifier.prepare?.().catch((err: Error) => this.logger.error({ err: redactText(err.message) }, 'notifier could not read its settings'));
    const base = { alertId: job.alertId, event: job.event, channel: this.notifier.channel, recipient };
    if (!recipient) {
      await this.record({ ...base, attempt: 0, outcome: 'failed', httpStatus: null, error: 'no recipient: the rule has none, CALLMEBOT_PHONE is not set and none is stored in Settings', startedMs: this.clock.now(), durationMs: 0 });
      return;
    }
    const delay = this.limiter.delayFor(recipient, this.clock.now());
    if (delay === null) {
      this.logger.warn({ alertId: job.alertId, recipient: maskPhone(recipient), maxPerHour: this.config.delivery.maxPerHour }, 'rate limit reached, message dropped');
      await this.record({ ...base, attempt: 0, outcome: 'rate_limited', httpStatus: null, error: `more than ${this.config.delivery.maxPerHour} messages in an hour`, startedMs: this.clock.now(), durationMs: 0 });
      return;
    }
    if (delay > 0) await sleep(delay);
    this.limiter.record(recipient, this.clock.now());

    const { maxAttempts, backoffMs } = this.config.delivery;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const startedMs = this.clock.now();
      const started = performance.now();
      try {
        await this.notifier.send(recipient, job.text);
        await this.record({ ...base, attempt, outcome: 'sent', httpStatus: null, error: null, startedMs, durationMs: performance.now() - started });
        this.logger.info({ alertId: job.alertId, event: job.event, channel: this.notifier.channel, recipient: maskPhone(recipient), attempt }, 'notification sent');
        return;
      } catch (err) {
        const failure = err instanceof NotificationDeliveryError ? err : new NotificationDeliveryError(`${(err as Error).name}: ${(err as Error).message}`, true);
        const retry = failure.retryable && attempt < maxAttempts;
        const error = redactText(`${failure.name}: ${failure.message}`);
        await this.record({ ...base, attempt, outcome: retry ? 'retrying' : 'failed', httpStatus: failure.httpStatus, error, startedMs, durationMs: performance.now() - started });
        this.logger.warn({ alertId: job.alertId, channel: this.notifier.channel, recipient: maskPhone(recipient), attempt, retry, err: error }, 'notification attempt failed');
        if (!retry) return;
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async record(attempt: DeliveryAttempt & { outcome: DeliveryOutcome }): Promise<void> {
    this.metrics.deliveries.inc({ channel: attempt.channel, outcome: attempt.outcome });
    await this.deliveries.record(attempt).catch((err: Error) => this.logger.error({ err: err.message }, 'could not record a delivery attempt'));
  }
}
