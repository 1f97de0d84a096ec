// Stable error codes shared by HTTP bodies and socket acks.
export enum ErrorCode {
  Validation = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  StaleVersion = 'stale_version',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  TooManySubscriptions = 'too_many_subscriptions',
  Unavailable = 'unavailable',
  // Well-formed but refused (an Idempotency-Key reused for another request).
  Unprocessable = 'unprocessable',
  // What the request refers to existed and was deleted.
  Gone = 'gone',
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: ErrorCode;
  [extra: string]: unknown;
}
