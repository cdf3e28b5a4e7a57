import { maskPhone } from '@energy/service-kit';
import type { Notifier } from '../shared/notifier';
import { CallMeBotDeliveryError } from './callmebot-delivery.error';
import { CallMeBotClient } from './callmebot.client';

/** WhatsApp through CallMeBot. Each phone has its own API key; the global key is the fallback. */
export class CallMeBotNotifier implements Notifier {
  readonly channel = 'callmebot';

  constructor(
    private readonly client: CallMeBotClient,
    private readonly keys: { apiKey?: string; recipientKeys: Map<string, string> },
  ) {}

  async send(recipient: string, text: string): Promise<void> {
    const apikey = this.keys.recipientKeys.get(recipient) ?? this.keys.apiKey;
    if (!apikey) throw new CallMeBotDeliveryError(`no CallMeBot API key for ${maskPhone(recipient)}: set CALLMEBOT_RECIPIENT_KEYS or CALLMEBOT_API_KEY`, false);
    await this.client.send(recipient, text, apikey);
  }
}
