import { maskPhone } from '@energy/service-kit';
import type { Notifier } from '../shared/notifier';
import { CallMeBotDeliveryError } from './callmebot-delivery.error';
import { CallMeBotClient } from './callmebot.client';

/** The key of a recipient added from the dashboard (notification_recipients), if the phone is one. */
export type StoredKeyLookup = (phone: string) => Promise<string | undefined>;

/**
 * WhatsApp through CallMeBot. Each phone has its own API key: CALLMEBOT_RECIPIENT_KEYS first, then the
 * recipients stored from the dashboard; the global key is the fallback.
 */
export class CallMeBotNotifier implements Notifier {
  readonly channel = 'callmebot';

  constructor(
    private readonly client: CallMeBotClient,
    private readonly keys: { apiKey?: string; recipientKeys: Map<string, string>; stored?: StoredKeyLookup },
  ) {}

  async send(recipient: string, text: string): Promise<void> {
    const apikey = this.keys.recipientKeys.get(recipient) ?? (await this.keys.stored?.(recipient)) ?? this.keys.apiKey;
    if (!apikey) throw new CallMeBotDeliveryError(`no CallMeBot API key for ${maskPhone(recipient)}: add it in the dashboard's Settings, or set CALLMEBOT_RECIPIENT_KEYS or CALLMEBOT_API_KEY`, false);
    await this.client.send(recipient, text, apikey);
  }
}
