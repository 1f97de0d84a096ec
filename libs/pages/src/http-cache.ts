import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request } from 'express';

// Pages and feeds are rendered once per story state and then served as bytes: a breaking-news
// spike costs a map lookup per request, and a CDN in front absorbs most of those too.

export interface Rendered {
  body: Buffer;
  /** Gzipped once at render time, not per request. */
  gzip: Buffer;
  etag: string;
  /** A strong ETag names one representation: the gzipped bytes get their own. */
  gzipEtag: string;
  contentType: string;
}

export function rendered(text: string, contentType: string): Rendered {
  const body = Buffer.from(text, 'utf8');
  const etag = strongEtag(body);
  return { body, gzip: gzipSync(body, { level: 6 }), etag, gzipEtag: `${etag.slice(0, -1)}-gz"`, contentType };
}

export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export function acceptsGzip(req: Request): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
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
