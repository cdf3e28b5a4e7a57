import { HttpException, HttpStatus } from '@nestjs/common';

/** Log-ins refused for a while after too many failures; the HTTP filter turns `retryAfterMs` into `Retry-After`. */
export class TooManyAttemptsError extends HttpException {
  constructor(readonly retryAfterMs: number) {
    super(`too many failed log-ins; try again in ${Math.ceil(retryAfterMs / 1000)} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
