import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, type ErrorBody } from '@liveline/contracts';
import type { Response } from 'express';
import { databaseRefusedValue, databaseUnavailable } from './database-errors';
import { DomainException, STATUS_OF_KIND } from './domain.exception';

const KIND_OF_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.Validation,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  412: ErrorCode.StaleVersion,
  410: ErrorCode.Gone,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.Unprocessable,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

export function errorBody(status: number, message: string | string[], extra: Record<string, unknown> = {}): ErrorBody {
  const kind = KIND_OF_STATUS[status];
  return {
    statusCode: status,
    error: (HttpStatus[status] ?? 'Error')
      .toString()
      .split('_')
      .map((w) => w[0] + w.slice(1).toLowerCase())
      .join(' '),
    message,
    ...(kind ? { code: kind } : {}),
    ...extra,
  };
}

// body-parser's errors, in the words a client should read.
const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body is too large',
  'entity.parse.failed': 'Malformed JSON body',
};

/** Maps every error to the contract's JSON body; only a bug yields a 500. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainException) {
    return {
      ...errorBody(STATUS_OF_KIND[exception.kind], exception.message),
      code: exception.kind,
      reason: exception.code,
      ...exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const message =
      typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? exception.message);
    return errorBody(status, message);
  }
  // body-parser errors (bad JSON, too large, bad charset) carry their own 4xx status.
  const e = exception as { status?: number; statusCode?: number; type?: string; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = BODY_PARSER_MESSAGES[e.type ?? ''] ?? e.message ?? 'Bad request';
    return errorBody(status, message);
  }
  if (databaseUnavailable(exception)) return errorBody(503, 'The database is unavailable; try again shortly');
  if (databaseRefusedValue(exception))
    return errorBody(400, 'The request holds a value that cannot be stored or looked up (for example a NUL character)');
  return errorBody(500, 'Internal server error');
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    // 501 answers a request for something not offered (oEmbed XML): no failure to log.
    if (body.statusCode >= 500 && body.statusCode !== 501)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (res.headersSent) return;
    if (body.statusCode === 429 && typeof body.retryAfter === 'number')
      res.setHeader('Retry-After', String(body.retryAfter));
    res.status(body.statusCode).json(body);
  }
}
