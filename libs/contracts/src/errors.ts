// Stable error codes shared by HTTP bodies and socket acks.
export enum ErrorCode {
  Validation = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  StaleVersion = 'stale_version',
  PayloadTooLarge = 'payload_too_large',
  RateLimited = 'rate_limited',
  TooManySubscriptions = 'too_many_subscriptions',
  Unavailable = 'unavailable',
  // Well-formed but refused (422): an unsupported embed URL, an unreachable outbound target.
  Unprocessable = 'unprocessable',
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: ErrorCode;
  [extra: string]: unknown;
}
