import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthService, bearerToken, type Actor } from '@liveline/accounts';
import { ChunkedBudget, Env, RATE_WINDOW_MS, RateCounter } from '@liveline/core';
import type { Request, Response } from 'express';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

type AuthedRequest = Request & { actor?: Actor };

const isLogin = (req: Request) => req.method === 'POST' && req.route?.path === '/api/auth/login';
const isWrite = (req: Request) =>
  WRITE_METHODS.has(req.method) && (req.route?.path ?? req.path).startsWith('/api/') && !isLogin(req);

/**
 * Writes under /api, counted in the database so every process spends one budget
 * (WRITES_PER_MINUTE over a sliding minute): a signed-in user's against that user, whatever
 * their address; requests without a valid token against their address, in a budget of their
 * own, so a flood of 401s from a newsroom's address blocks none of its editors. Sign-ins have
 * their own limits (LoginLimiter in @liveline/accounts). Runs before the AuthGuard and hands it
 * the actor it resolved. The budget is reserved in chunks of 1% (ChunkedBudget, as socket
 * connects are): a write costs one token lookup, and a counter statement once per chunk (every
 * 6th write of a user at the default 600 a minute); N processes admit at most the limit and at
 * least the limit minus N chunks. A key over budget costs no statement until it is rechecked.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly budget: ChunkedBudget;

  constructor(
    env: Env,
    counter: RateCounter,
    private readonly auth: AuthService,
  ) {
    this.budget = new ChunkedBudget(counter, env.WRITES_PER_MINUTE, RATE_WINDOW_MS);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (!isWrite(req)) return true;
    const token = bearerToken(req.headers.authorization);
    let authError: unknown;
    if (token && !req.actor) {
      try {
        req.actor = await this.auth.authenticate(token);
      } catch (e) {
        authError = e;
      }
    }
    const key = req.actor ? `writes:user:${req.actor.id}` : `writes:anon:${req.ip}`;
    await this.spend(key, ctx.switchToHttp().getResponse<Response>());
    if (authError) throw authError;
    return true;
  }

  private async spend(key: string, res: Response): Promise<void> {
    const now = Date.now();
    if (await this.budget.take(key, now)) return;
    this.refuse(res, this.budget.retryAfterSeconds(key, now));
  }

  private refuse(res: Response, seconds: number): never {
    const wait = Math.max(1, seconds);
    res.setHeader('Retry-After', String(wait));
    throw new HttpException(`Too many requests; try again in ${wait} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
