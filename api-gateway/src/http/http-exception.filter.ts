import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import { DeviceAlreadyExistsError, DeviceNotFoundError, InvalidDeviceIdError, InvalidSqlParamError, ReservedAccountNameError } from '@energy/db';
import type { Logger } from '@energy/service-kit';
import type { HttpRequest as Request, HttpResponse as Response } from './express-types';
import { STATUS_CODES } from 'node:http';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { TooManyAttemptsError } from '../errors/too-many-attempts.error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const body = (statusCode: number, message: string): ErrorBody => ({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message });

/**
 * The only place domain errors become HTTP codes. Every error leaves as
 * `{ statusCode, error, message }` with a one-line message; internals are logged, never sent.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const error = this.toBody(exception, req);
    if (res.headersSent) {
      // A stream (CSV, SSE) failed half-way: all we can do is cut it.
      res.destroy();
      return;
    }
    if (exception instanceof TooManyAttemptsError) res.setHeader('retry-after', String(Math.ceil(exception.retryAfterMs / 1000)));
    res.status(error.statusCode).json(error);
  }

  private toBody(exception: unknown, req: Request): ErrorBody {
    // body-parser's errors arrive wrapped (the express adapter maps them); say which part was wrong.
    const parserError = exception instanceof HttpException ? (exception.cause as { type?: string } | undefined)?.type : undefined;
    if (parserError === 'entity.parse.failed') return body(HttpStatus.BAD_REQUEST, 'body: malformed JSON');
    if (parserError === 'entity.too.large') return body(HttpStatus.PAYLOAD_TOO_LARGE, 'body: too large');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return body(status, message);
    }
    if (exception instanceof DeviceNotFoundError) return body(HttpStatus.NOT_FOUND, exception.message);
    if (exception instanceof DeviceAlreadyExistsError || exception instanceof ReservedAccountNameError) return body(HttpStatus.CONFLICT, exception.message);
    if (exception instanceof InvalidDeviceIdError || exception instanceof InvalidSqlParamError) return body(HttpStatus.BAD_REQUEST, exception.message);
    if (exception instanceof BusUnavailableError) return body(HttpStatus.SERVICE_UNAVAILABLE, exception.message);
    // body-parser: malformed or oversized JSON bodies carry their own status.
    const status = (exception as { status?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const message = type === 'entity.parse.failed' ? 'body: malformed JSON' : type === 'entity.too.large' ? 'body: too large' : (exception as Error).message;
      return body(status, message);
    }
    this.logger.error({ err: exception, method: req.method, url: req.originalUrl?.split('?')[0] }, 'unhandled error');
    return body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
  }
}
