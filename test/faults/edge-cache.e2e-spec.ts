import { login, startServer, type RunningServer } from '../support/server';
import { startEdgeCache, type RunningEdge } from './support/nginx-cache';
import { createLiveStory } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';

// deploy/nginx-cache.conf in front of one process, driven as a breaking-news spike: the origin
// counts what reaches it (/metrics), the edge says what it served from its cache.
const MAX_AGE_S = 5;
const READERS = 1000;
const env = { WRITES_PER_MINUTE: '100000', TRUST_PROXY: 'true' };

/** Requests the process answered for a route template, by its own HTTP histogram. */
async function originCount(server: RunningServer, route: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    if (
      line.startsWith('liveline_http_request_duration_seconds_count{') &&
      line.includes(`route="${route}"`) &&
      line.includes('method="GET"')
    )
      n += Number(line.split(' ').at(-1));
  }
  return n;
}

async function publish(base: string, token: string, story: string, headline: string): Promise<void> {
  const r = await fetch(`${base}/api/stories/${story}/entries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ headline, body: `<p>${headline}</p>` }),
  });
  if (r.status !== 201) throw new Error(`publish: ${r.status} ${await r.text()}`);
}

/** `n` GETs of `url` at once, each on a connection of its own as separate readers would be. */
async function spike(
  url: string,
  n: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; cache: string | null }[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const r = await fetch(url, { headers: { connection: 'close', ...headers } });
      return { status: r.status, body: await r.text(), cache: r.headers.get('x-cache-status') };
    }),
  );
}

describe('an edge cache in front of the service (deploy/nginx-cache.conf)', () => {
  let server: RunningServer | undefined;
  let edge: RunningEdge | undefined;
  let token = '';
  let story = { id: '', slug: '' };
  cleanUpAfterAll(() => [server]);
  afterAll(() => edge?.stop());

  beforeAll(async () => {
    server = await startServer({ env });
    edge = await startEdgeCache(`127.0.0.1:${server.port}`);
    token = await login(server.url);
    story = await createLiveStory(server.url, token, 'Spike');
    for (let i = 1; i <= 5; i++) await publish(server.url, token, story.id, `Before the spike ${i}`);
  });

  it.each([
    ['reader page', () => `/stories/${story.slug}`, '/stories/:slug'],
    ['entries API', () => `/api/stories/${story.slug}/entries`, '/api/stories/:ref/entries'],
  ])('answers %s for 1,000 concurrent readers with a handful of origin requests', async (_name, path, route) => {
    const before = await originCount(server!, route);
    const replies = await spike(`${edge!.url}${path()}`, READERS, { 'accept-encoding': 'gzip' });
    const reached = (await originCount(server!, route)) - before;
    expect(replies.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(replies[0].body).toContain('Before the spike 5');
    // One request fills the cache; the others wait for it (proxy_cache_lock) or hit.
    expect(reached).toBeGreaterThanOrEqual(1);
    expect(reached).toBeLessThanOrEqual(5);
    // The ones that waited on the lock are told MISS or HIT depending on nginx's timing; the
    // origin count above is what matters.
    expect(replies.filter((r) => r.cache === 'HIT').length).toBeGreaterThan(READERS * 0.9);
  });

  it('shows a publish through the cache within its max-age', async () => {
    const page = `${edge!.url}/stories/${story.slug}`;
    expect((await fetch(page)).headers.get('cache-control')).toContain(`max-age=${MAX_AGE_S}`);
    const started = Date.now();
    await publish(server!.url, token, story.id, 'After the spike');
    let seenAfter = 0;
    while (!seenAfter) {
      const [html, api] = await Promise.all([
        fetch(page).then((r) => r.text()),
        fetch(`${edge!.url}/api/stories/${story.id}/entries`).then((r) => r.text()),
      ]);
      if (html.includes('After the spike') && api.includes('After the spike')) seenAfter = Date.now() - started;
      else if (Date.now() - started > 3 * MAX_AGE_S * 1000) throw new Error('the publish never came through the cache');
      else await new Promise((r) => setTimeout(r, 100));
    }
    // max-age, plus the background refresh that stale-while-revalidate starts at its end.
    expect(seenAfter).toBeLessThanOrEqual(MAX_AGE_S * 1000 + 1500);
  });

  it('marks public reads with a strong ETag, the cache policy and purge keys, and answers If-None-Match with 304', async () => {
    const path = `/stories/${story.slug}/feed.atom`;
    const first = await fetch(`${server!.url}${path}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('surrogate-key')).toBe(`story-${story.id}`);
    expect(first.headers.get('cache-tag')).toBe(`story-${story.id}`);
    expect(first.headers.get('cache-control')).toMatch(
      /public, max-age=5, s-maxage=5, stale-while-revalidate=\d+, stale-if-error=\d+/,
    );
    expect((await fetch(`${server!.url}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // Through the edge (another Host, so another copy): readers never see the purge keys.
    const viaEdge = await fetch(`${edge!.url}${path}`);
    expect(viaEdge.status).toBe(200);
    expect(viaEdge.headers.get('surrogate-key')).toBeNull();
    const edgeTag = viaEdge.headers.get('etag')!;
    expect(edgeTag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(`${edge!.url}${path}`, { headers: { 'if-none-match': edgeTag } })).status).toBe(304);
  });

  it('never caches a signed-in read: the newsroom goes through to the origin, answered no-store', async () => {
    const route = '/api/stories/:ref/entries';
    const before = await originCount(server!, route);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${edge!.url}/api/stories/${story.id}/entries?status=all`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-cache-status')).toBe('BYPASS');
    }
    expect((await originCount(server!, route)) - before).toBe(5);
    // And an anonymous read after them is still the public one (no draft leaked into the cache).
    const anon = await fetch(`${edge!.url}/api/stories/${story.id}/entries?status=all`);
    expect(anon.status).toBe(401);
  });
});
