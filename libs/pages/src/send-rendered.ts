import { cachePublicly, matchesEtag, PUBLIC_CACHE_CONTROL, type PublicRead } from '@liveline/core';
import type { Request, Response } from 'express';
import { acceptsGzip, type Rendered } from './http-cache';

/** Short enough that readers without a socket see news within seconds; stale copies bridge a burst. */
export const PAGE_CACHE_CONTROL = PUBLIC_CACHE_CONTROL;

/**
 * Sends the rendering of a story state. With `read`, it is marked public: shared caches may keep
 * it and purge it by the story's Surrogate-Key (and the read fast path may serve it again).
 */
export function send(
  req: Request,
  res: Response,
  r: Rendered,
  cacheControl: string,
  opts: { read?: PublicRead; headers?: Record<string, string> } = {},
): void {
  const gzip = acceptsGzip(req);
  const etag = gzip ? r.gzipEtag : r.etag;
  res.setHeader('ETag', etag);
  if (opts.read) cachePublicly(res, opts.read, cacheControl);
  else res.setHeader('Cache-Control', cacheControl);
  res.vary('Accept-Encoding');
  for (const [name, value] of Object.entries(opts.headers ?? {})) res.setHeader(name, value);
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', r.contentType);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  const body = gzip ? r.gzip : r.body;
  res.setHeader('Content-Length', String(body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}
