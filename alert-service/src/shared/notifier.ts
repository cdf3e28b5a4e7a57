/**
 * The seam between alerts and the outside world. CallMeBot WhatsApp is the first notifier; Telegram or
 * e-mail are further implementations of this interface, and the rules never know which one runs.
 */
/** Injection token of the notifier the bootstrap picked (CallMeBot, the log, or the two switching). */
export const NOTIFIER = Symbol('NOTIFIER');

export interface Notifier {
  /** Recorded with every delivery attempt, e.g. `callmebot` or `log`. */
  readonly channel: string;
  /** Called before each delivery (and before `channel` is recorded) to pick up changed settings. */
  prepare?(): Promise<void>;
  /** Delivers one message or throws a NotificationDeliveryError saying whether a retry can help. */
  send(recipient: string, text: string): Promise<void>;
}

export class NotificationDeliveryError extends Error {
  constructor(
    message: string,
    /** Network errors, timeouts and 5xx may pass on a retry; a refused key or quota will not. */
    readonly retryable: boolean,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'NotificationDeliveryError';
  }
}
