import type { Env } from '@liveline/core';
import type { Request } from 'express';

/**
 * The origin readers reach the service at: PUBLIC_URL when set, else the request's own
 * (scheme per TRUST_PROXY). Caches key on it, so a forged Host only ever shapes its own copy.
 */
export function publicOrigin(env: Env, req: Request): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  const host = req.get('host') ?? 'localhost';
  return `${req.protocol}://${host}`;
}
