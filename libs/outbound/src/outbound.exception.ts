import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core';

export enum OutboundErrorCode {
  BadUrl = 'outbound_bad_url',
  NotHttps = 'outbound_not_https',
  HostNotAllowed = 'outbound_host_not_allowed',
  BlockedAddress = 'outbound_blocked_address',
  Timeout = 'outbound_timeout',
  TooManyRedirects = 'outbound_too_many_redirects',
  ConnectFailed = 'outbound_connect_failed',
}

// What the caller asked for is refused (400); the far end failed to answer well (422).
// None of it is a 5xx: an outbound URL is user input.
const KIND_OF: Record<OutboundErrorCode, ErrorCode> = {
  [OutboundErrorCode.BadUrl]: ErrorCode.Validation,
  [OutboundErrorCode.NotHttps]: ErrorCode.Validation,
  [OutboundErrorCode.HostNotAllowed]: ErrorCode.Validation,
  [OutboundErrorCode.BlockedAddress]: ErrorCode.Validation,
  [OutboundErrorCode.Timeout]: ErrorCode.Unprocessable,
  [OutboundErrorCode.TooManyRedirects]: ErrorCode.Unprocessable,
  [OutboundErrorCode.ConnectFailed]: ErrorCode.Unprocessable,
};

export class OutboundException extends DomainException<OutboundErrorCode> {
  constructor(code: OutboundErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, code, KIND_OF[code], details);
  }
}
