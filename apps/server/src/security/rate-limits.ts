import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Env } from '@liveline/core';
import type { Request, Response } from 'express';

const MINUTE_MS = 60_000;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Sign-in requests one address may make a minute, as a multiple of LOGIN_ATTEMPTS_PER_MINUTE.
// LoginLimiter already stops guessing at one account; this stops spraying many accounts from
// one address, without locking out a newsroom whose people share one NAT address.
export const LOGIN_ADDRESS_FACTOR = 10;

const requestOf = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request>();
const isLogin = (req: Request) => req.method === 'POST' && req.route?.path === '/api/auth/login';
const isWrite = (req: Request) => WRITE_METHODS.has(req.method) && (req.route?.path ?? req.path).startsWith('/api/') && !isLogin(req);

/** The two throttlers: sign-ins and writes under /api, each per client address (TRUST_PROXY behind a balancer). */
export function rateLimits(env: Env): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'login',
        ttl: MINUTE_MS,
        limit: env.LOGIN_ATTEMPTS_PER_MINUTE * LOGIN_ADDRESS_FACTOR,
        // A sliding minute: each request counts for 60 s, with no extra lock-out on top.
        blockDuration: 0,
        skipIf: (ctx) => ctx.getType() !== 'http' || !isLogin(requestOf(ctx)),
        getTracker: (req) => `ip:${(req as Request).ip}`,
      },
      {
        name: 'writes',
        ttl: MINUTE_MS,
        limit: env.WRITES_PER_MINUTE,
        blockDuration: 0,
        skipIf: (ctx) => ctx.getType() !== 'http' || !isWrite(requestOf(ctx)),
        // Per address, checked before the token is: a flood of made-up tokens costs no lookups.
        getTracker: (req) => `ip:${(req as Request).ip}`,
      },
    ],
    // One budget per tracker across all routes, not one per handler.
    generateKey: (_ctx, tracker, name) => `${name}|${tracker}`,
    setHeaders: false,
    errorMessage: (_ctx, detail) => `Too many requests; try again in ${Math.max(1, Math.ceil(detail.timeToBlockExpire))} s`,
  };
}

// The standard Retry-After header instead of the library's per-throttler names; the body is
// the contract's JSON through the global filter.
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected async throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, Math.ceil(detail.timeToBlockExpire))));
    throw new ThrottlerException(await this.getErrorMessage(ctx, detail));
  }
}
