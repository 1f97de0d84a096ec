// How public reads may be cached, in one place for the API, the pages and the feeds. A CDN (or
// deploy/nginx-cache.conf) absorbs a breaking-news spike with these: readers see a publish
// within max-age, a stale copy bridges a slow or failing origin, and an operator purges one
// story by its key. Anything not marked here stays private (`no-store`, see privateByDefault).

/** Story, entries, reader page, embed and feeds: news within seconds, stale copies bridge a burst. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400';
/** The events twin is polled by clients that cannot hold a socket: fresher, shorter stale windows. */
export const EVENTS_CACHE_CONTROL = 'public, max-age=1, s-maxage=1, stale-while-revalidate=5, stale-if-error=60';
export const PRIVATE_CACHE_CONTROL = 'no-store';

/** The story state a public response shows: what the read fast path keys and checks it by. */
export interface PublicRead {
  storyId: string;
  seq: number;
}

interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
  locals?: Record<string, unknown>;
}

const MARK = 'livelinePublicRead';

/** The purge key of a story, for `Surrogate-Key` (Fastly, Varnish) and `Cache-Tag` (Cloudflare). */
export function surrogateKey(storyId: string): string {
  return `story-${storyId}`;
}

/**
 * Marks a response as the public view of `storyId` at `seq`: shared caches may keep it, and the
 * read fast path may serve its bytes again while the story's head seq is still `seq`.
 */
export function cachePublicly(res: HeaderTarget, read: PublicRead, cacheControl = PUBLIC_CACHE_CONTROL): void {
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Surrogate-Key', surrogateKey(read.storyId));
  res.setHeader('Cache-Tag', surrogateKey(read.storyId));
  res.locals ??= {};
  res.locals[MARK] = { storyId: read.storyId, seq: read.seq } satisfies PublicRead;
}

/** The mark cachePublicly left, if any. */
export function publicReadOf(res: { locals?: Record<string, unknown> }): PublicRead | undefined {
  return res.locals?.[MARK] as PublicRead | undefined;
}

type Next = (err?: unknown) => void;

/**
 * API responses are private unless a handler marks them public: a newsroom read, a sign-in or
 * a user list never lands in a shared cache, even when a handler forgets to say so.
 */
export function privateByDefault(req: { url?: string }, res: HeaderTarget, next: Next): void {
  const url = req.url ?? '';
  if (url.startsWith('/api/') && !url.startsWith('/api/docs')) res.setHeader('Cache-Control', PRIVATE_CACHE_CONTROL);
  next();
}

/**
 * RFC 9110 If-None-Match: weak comparison, lists, and `*`. The request's own Cache-Control does
 * not matter here: it speaks to caches, and the origin answers the condition as asked.
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string | undefined): boolean {
  if (!ifNoneMatch || !etag) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  const target = bare(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === target);
}
