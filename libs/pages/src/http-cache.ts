import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

// Pages and feeds are rendered once per story state and then served as bytes: a breaking-news
// spike costs a map lookup per request, and a CDN in front absorbs most of those too.

/** Short enough that readers without a socket see news within seconds; stale copies bridge a burst. */
export const PAGE_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

export interface Rendered {
  body: Buffer;
  /** Gzipped once at render time, not per request. */
  gzip: Buffer;
  etag: string;
  contentType: string;
}

export function rendered(text: string, contentType: string): Rendered {
  const body = Buffer.from(text, 'utf8');
  return { body, gzip: gzipSync(body, { level: 6 }), etag: strongEtag(body), contentType };
}

export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 If-None-Match: weak comparison, lists, and `*`. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const target = bare(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === target);
}

export function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

export function send(req: Request, res: Response, r: Rendered, cacheControl: string, extraHeaders: Record<string, string> = {}): void {
  res.setHeader('ETag', r.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.vary('Accept-Encoding');
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  if (matchesEtag(req.headers['if-none-match'], r.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', r.contentType);
  const gzip = acceptsGzip(req);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  const body = gzip ? r.gzip : r.body;
  res.setHeader('Content-Length', String(body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

interface Slot {
  storyId: string;
  seq: number;
  value: Rendered;
}

/**
 * Rendered pages by story state. A key names the story and its head seq, so a new event makes
 * the next request miss; concurrent misses for one key share a single render.
 */
export class RenderCache {
  private readonly slots = new Map<string, Slot>();
  private readonly inflight = new Map<string, Promise<Rendered>>();

  constructor(private readonly capacity = 500) {}

  async get(storyId: string, seq: number, variant: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const key = `${storyId}|${seq}|${variant}`;
    const slot = this.slots.get(key);
    if (slot) {
      // Re-insert: Map order doubles as least-recently-used order.
      this.slots.delete(key);
      this.slots.set(key, slot);
      return slot.value;
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = render().then(
        (value) => {
          this.inflight.delete(key);
          this.store(key, { storyId, seq, value });
          return value;
        },
        (err: unknown) => {
          this.inflight.delete(key);
          throw err;
        },
      );
      this.inflight.set(key, pending);
    }
    return pending;
  }

  /** A story moved on to `seq`: what was rendered before it can never be served again. */
  evictBefore(storyId: string, seq: number): void {
    for (const [key, slot] of this.slots) if (slot.storyId === storyId && slot.seq < seq) this.slots.delete(key);
  }

  size(): number {
    return this.slots.size;
  }

  private store(key: string, slot: Slot): void {
    this.slots.set(key, slot);
    while (this.slots.size > this.capacity) this.slots.delete(this.slots.keys().next().value!);
  }
}
