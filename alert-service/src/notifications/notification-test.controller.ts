import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { notificationTestRequestSchema, servicePatterns, type AlertServiceReply, type NotificationTestResult } from '@energy/contracts';
import { NotificationRecipientsRepository } from '@energy/db';
import { maskPhone, redactText, type Logger } from '@energy/service-kit';
import { reply } from '../bus/replies';
import { CallMeBotClient } from '../callmebot/callmebot.client';
import type { AlertConfig } from '../config/env';
import { CONFIG, LOGGER } from '@energy/service-kit/nest';
import { NotificationDeliveryError } from '../shared/notifier';

class TestRequestError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export const TEST_MESSAGE = 'Smart Energy Monitor: test message. WhatsApp alerts will reach this number.';

/**
 * `svc/alert/notifications/test` (issue 17): one message to one stored recipient with its own CallMeBot
 * key, once (no retries, so the answer comes while the admin waits), and CallMeBot's outcome as the reply.
 */
@Controller()
export class NotificationTestController {
  private readonly client: CallMeBotClient;

  constructor(
    private readonly recipients: NotificationRecipientsRepository,
    @Inject(CONFIG) config: AlertConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Under the gateway's 5 s wait for a reply, so a hanging CallMeBot comes back as a failed test, not a 503.
    this.client = new CallMeBotClient({ baseUrl: config.callMeBot.baseUrl, timeoutMs: Math.min(config.delivery.timeoutMs, 4_000) });
  }

  @MessagePattern(servicePatterns.notificationsTest)
  test(@Payload() payload: unknown): Promise<AlertServiceReply<NotificationTestResult>> {
    return reply(this.logger, servicePatterns.notificationsTest, async () => {
      const parsed = notificationTestRequestSchema.safeParse(payload);
      if (!parsed.success) throw new TestRequestError('invalid', parsed.error.issues.map((i) => i.message).join('; '));
      const { recipientId, by } = parsed.data;
      const recipient = (await this.recipients.withKeys()).find((r) => r.id === recipientId);
      if (!recipient) throw new TestRequestError('not_found', `recipient ${recipientId} does not exist`);
      const phone = maskPhone(recipient.phone);
      const started = performance.now();
      try {
        await this.client.send(recipient.phone, TEST_MESSAGE, recipient.apiKey);
        const result: NotificationTestResult = { recipientId, phone, outcome: 'sent', httpStatus: null, error: null, durationMs: Math.round(performance.now() - started) };
        this.logger.info({ recipientId, recipient: phone, by }, 'test message sent');
        return result;
      } catch (err) {
        const failure = err instanceof NotificationDeliveryError ? err : new NotificationDeliveryError((err as Error).message, false);
        const error = redactText(`${failure.name}: ${failure.message}`).split(recipient.apiKey).join('[redacted]');
        this.logger.warn({ recipientId, recipient: phone, by, err: error }, 'test message failed');
        return { recipientId, phone, outcome: 'failed', httpStatus: failure.httpStatus, error, durationMs: Math.round(performance.now() - started) };
      }
    });
  }
}
