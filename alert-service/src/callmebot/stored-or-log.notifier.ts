import type { Notifier } from '../shared/notifier';

/**
 * When no CALLMEBOT_* key is set: messages go to the log until a WhatsApp recipient is stored from the
 * dashboard, then through CallMeBot with the stored keys, without a restart (and back to the log when the
 * last one is removed). `prepare` reads the stored count before each delivery, so the recorded channel is
 * the one that sends.
 */
export class StoredOrLogNotifier implements Notifier {
  private stored = false;

  constructor(
    private readonly callMeBot: Notifier,
    private readonly log: Notifier,
    private readonly storedCount: () => Promise<number>,
  ) {}

  get channel(): string {
    return this.stored ? this.callMeBot.channel : this.log.channel;
  }

  async prepare(): Promise<void> {
    this.stored = (await this.storedCount()) > 0;
  }

  send(recipient: string, text: string): Promise<void> {
    return (this.stored ? this.callMeBot : this.log).send(recipient, text);
  }
}
