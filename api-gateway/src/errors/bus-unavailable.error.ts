/** The message bus could not take a publish or request; the HTTP filter answers 503. */
export class BusUnavailableError extends Error {
  constructor(reason: string) {
    super(`the message bus is unavailable: ${reason}`);
    this.name = 'BusUnavailableError';
  }
}
