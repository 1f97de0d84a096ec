import type { Env } from '@liveline/core';
import type { Request } from 'express';

// Same rule as the pages' public origin (PUBLIC_URL, else the request's own), kept here because
// libs/media may not import libs/pages.
export function mediaOrigin(env: Pick<Env, 'PUBLIC_URL'>, req: Request): string {
  if (env.PUBLIC_URL) return new URL(env.PUBLIC_URL).origin;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
