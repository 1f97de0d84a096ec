import { ErrorCode } from '@liveline/contracts';
import { DomainException } from '@liveline/core/domain';

export enum AccountsExceptionCode {
  InvalidCredentials = 'invalid_credentials',
  MissingToken = 'missing_token',
  InvalidToken = 'invalid_token',
  RoleNotAllowed = 'role_not_allowed',
  UserNotFound = 'user_not_found',
  EmailTaken = 'email_taken',
  TooManyAttempts = 'too_many_attempts',
  CannotChangeSelf = 'cannot_change_self',
  WrongPassword = 'wrong_password',
}

const KIND: Record<AccountsExceptionCode, ErrorCode> = {
  [AccountsExceptionCode.InvalidCredentials]: ErrorCode.Unauthenticated,
  [AccountsExceptionCode.MissingToken]: ErrorCode.Unauthenticated,
  [AccountsExceptionCode.InvalidToken]: ErrorCode.Unauthenticated,
  [AccountsExceptionCode.RoleNotAllowed]: ErrorCode.Forbidden,
  [AccountsExceptionCode.UserNotFound]: ErrorCode.NotFound,
  [AccountsExceptionCode.EmailTaken]: ErrorCode.Conflict,
  [AccountsExceptionCode.TooManyAttempts]: ErrorCode.RateLimited,
  [AccountsExceptionCode.CannotChangeSelf]: ErrorCode.Validation,
  [AccountsExceptionCode.WrongPassword]: ErrorCode.Forbidden,
};

export class AccountsException extends DomainException<AccountsExceptionCode> {
  constructor(code: AccountsExceptionCode, message: string, details?: Record<string, unknown>) {
    super(message, code, KIND[code], details);
  }
}
