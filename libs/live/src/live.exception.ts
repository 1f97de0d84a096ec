import type { AckError, ErrorCode as Code } from '@liveline/contracts';
import { ErrorCode } from '@liveline/contracts';
import { DomainException, toErrorBody } from '@liveline/core';

export class LiveException extends DomainException<string> {
  constructor(kind: Code, code: string, message: string) {
    super(message, code, kind);
  }
}

/** The one mapping of any error to a socket ack, mirroring the HTTP filter. */
export function toAckError(e: unknown): AckError {
  if (e instanceof DomainException) return { ok: false, error: { code: e.kind, message: e.message } };
  const body = toErrorBody(e);
  return { ok: false, error: { code: body.code ?? ErrorCode.Unavailable, message: Array.isArray(body.message) ? body.message.join('; ') : body.message } };
}
