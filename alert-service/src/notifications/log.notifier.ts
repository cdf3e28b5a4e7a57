import { maskPhone, type Logger } from '@energy/service-kit';
import type { Notifier } from '../shared/notifier';

/** Used when no CallMeBot API key is configured: the message goes to the log (and the delivery log). */
export class LogNotifier implements Notifier {
  readonly channel = 'log';
  constructor(private readonly logger: Logger) {}

  async send(recipient: string, text: string): Promise<void> {
    this.logger.warn({ notifier: 'log', recipient: maskPhone(recipient), text }, 'notification (no CALLMEBOT_API_KEY configured, so logged instead of sent)');
  }
}
