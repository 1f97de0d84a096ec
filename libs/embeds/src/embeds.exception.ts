import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core';

export enum EmbedsExceptionCode {
  UnsupportedUrl = 'unsupported_embed_url',
}

const KIND: Record<EmbedsExceptionCode, ErrorCode> = {
  [EmbedsExceptionCode.UnsupportedUrl]: ErrorCode.Unprocessable,
};

export class EmbedsException extends DomainException<EmbedsExceptionCode> {
  constructor(code: EmbedsExceptionCode, message: string, details?: Record<string, unknown>) {
    super(message, code, KIND[code], details);
  }
}
