import type { AckError } from '@liveline/contracts';
import { ErrorCode } from '@liveline/contracts';
import { DomainException, toErrorBody } from '@liveline/core';

export enum LiveExceptionCode {
  InvalidPayload = 'invalid_payload',
  TooManySubscriptions = 'too_many_subscriptions',
  ReplayLimited = 'replay_limited',
}

const KIND: Record<LiveExceptionCode, ErrorCode> = {
  [LiveExceptionCode.InvalidPayload]: ErrorCode.Validation,
  [LiveExceptionCode.TooManySubscriptions]: ErrorCode.TooManySubscriptions,
  [LiveExceptionCode.ReplayLimited]: ErrorCode.RateLimited,
};

export class LiveException extends DomainException<LiveExceptionCode> {
  constructor(code: LiveExceptionCode, message: string) {
    super(message, code, KIND[code]);
  }
}

/** The one mapping of any error to a socket ack, mirroring the HTTP filter. */
export function toAckError(e: unknown): AckError {
  if (e instanceof DomainException) return { ok: false, error: { code: e.kind, message: e.message } };
  const body = toErrorBody(e);
  return {
    ok: false,
    error: {
      code: body.code ?? ErrorCode.Unavailable,
      message: Array.isArray(body.message) ? body.message.join('; ') : body.message,
    },
  };
}
