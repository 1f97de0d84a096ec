import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthService, bearerToken, type Actor } from '@liveline/accounts';
import { Env, RateCounter } from '@liveline/core';
import type { Request, Response } from 'express';

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Keys known to be over budget, remembered until their retry time, so a flood costs no queries.
const MAX_BLOCKED = 10_000;

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
 * the actor it resolved, so a write costs one token lookup and one counter statement.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly env: Env,
    private readonly counter: RateCounter,
    private readonly auth: AuthService,
  ) {}

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
    const until = this.blocked.get(key);
    if (until !== undefined && until > now) this.refuse(res, Math.ceil((until - now) / 1000));
    if (until !== undefined) this.blocked.delete(key);
    const [count] = await this.counter.hit([key], 1, now);
    if (Math.ceil(count.count) <= this.env.WRITES_PER_MINUTE) return;
    if (this.blocked.size >= MAX_BLOCKED) this.blocked.delete(this.blocked.keys().next().value!);
    this.blocked.set(key, now + count.retryAfterSeconds * 1000);
    this.refuse(res, count.retryAfterSeconds);
  }

  private refuse(res: Response, seconds: number): never {
    const wait = Math.max(1, seconds);
    res.setHeader('Retry-After', String(wait));
    throw new HttpException(`Too many requests; try again in ${wait} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
