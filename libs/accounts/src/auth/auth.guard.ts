import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleAtLeast, type Role } from '@liveline/contracts';
import type { Request } from 'express';
import { AccountsException, AccountsExceptionCode } from '../accounts.exception';
import type { Actor } from './actor';
import { AuthService } from './auth.service';

const ROLE_KEY = 'liveline:role';
const OPTIONAL_KEY = 'liveline:optional-auth';

/** The route needs a signed-in user with at least this role. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);
/** The route is public, but a valid token (newsroom) widens what it returns. */
export const OptionalAuth = () => SetMetadata(OPTIONAL_KEY, true);

type AuthedRequest = Request & { actor?: Actor };

export const CurrentActor = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().actor,
);

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

// Global guard: routes without RequireRole/OptionalAuth are public and skip the token lookup.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets);
    const optional = this.reflector.getAllAndOverride<boolean | undefined>(OPTIONAL_KEY, targets);
    if (!role && !optional) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      if (role)
        throw new AccountsException(
          AccountsExceptionCode.MissingToken,
          'Sign in first: send Authorization: Bearer <token>',
        );
      return true;
    }
    // The write limits may have resolved the token already.
    req.actor ??= await this.auth.authenticate(token);
    if (role && !roleAtLeast(req.actor.role, role)) {
      throw new AccountsException(AccountsExceptionCode.RoleNotAllowed, `This needs the ${role} role`);
    }
    return true;
  }
}
