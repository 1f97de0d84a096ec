import { ErrorCode } from '@liveline/contracts';

// Base of every feature's exception. `kind` is the contract-level category the one HTTP
// filter and the socket filter map to a status; `code` is the feature's own precise code.
export abstract class DomainException<Code extends string = string> extends Error {
  protected constructor(
    message: string,
    readonly code: Code,
    readonly kind: ErrorCode,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const STATUS_OF_KIND: Record<ErrorCode, number> = {
  [ErrorCode.Validation]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.StaleVersion]: 412,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.TooManySubscriptions]: 429,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Unprocessable]: 422,
};
