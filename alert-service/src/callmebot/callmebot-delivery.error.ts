import { NotificationDeliveryError } from '../shared/notifier';

/** A failed CallMeBot call, e.g. `CallMeBotDeliveryError: 203 API key incorrect`. Never holds the API key. */
export class CallMeBotDeliveryError extends NotificationDeliveryError {
  constructor(message: string, retryable: boolean, httpStatus: number | null = null) {
    super(message, retryable, httpStatus);
    this.name = 'CallMeBotDeliveryError';
  }
}
