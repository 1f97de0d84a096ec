import type { Story } from '@liveline/contracts';
import { client, eventually, makeEntry, makeStory, type Client } from '../support/api';
import { login, startServer, type RunningServer } from '../support/server';

// What a CDN is told: public reads are shared for seconds with stale windows and purge keys,
// strong ETags answer If-None-Match with 304, and anything signed in stays no-store.
const PUBLIC = 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400';
const EVENTS = 'public, max-age=1, s-maxage=1, stale-while-revalidate=5, stale-if-error=60';

describe('HTTP caching of public reads', () => {
  let server: RunningServer;
  let editor: Client;
  let story: Story;

  beforeAll(async () => {
    server = await startServer();
    editor = client(server.url, await login(server.url));
    story = await makeStory(editor, { language: 'en' });
    await makeEntry(editor, story.slug, { headline: 'First' });
  });
  afterAll(() => server.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

  it.each([
    ['story', () => `/api/stories/${story.slug}`, PUBLIC],
    ['entries', () => `/api/stories/${story.slug}/entries`, PUBLIC],
    ['events twin', () => `/api/stories/${story.id}/events?since=0`, EVENTS],
    ['reader page', () => `/stories/${story.slug}`, PUBLIC],
    ['embed', () => `/embed/${story.slug}`, PUBLIC],
    ['Atom feed', () => `/stories/${story.slug}/feed.atom`, PUBLIC],
  ])(
    'sends the %s with a shared-cache policy, a strong ETag, a 304 for it and the story purge key',
    async (_name, path, policy) => {
      const r = await get(path());
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe(policy);
      expect(r.headers.get('surrogate-key')).toBe(`story-${story.id}`);
      expect(r.headers.get('cache-tag')).toBe(`story-${story.id}`);
      const etag = r.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      const again = await get(path(), { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    },
  );

  it('gives the gzipped and the plain bytes of a page different strong ETags', async () => {
    const plain = await get(`/stories/${story.slug}`, { 'accept-encoding': 'identity' });
    const gzip = await get(`/stories/${story.slug}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('vary')).toContain('Accept-Encoding');
    expect(plain.headers.get('etag')).not.toBe(gzip.headers.get('etag'));
  });

  it('changes the entries ETag when the story changes', async () => {
    const path = `/api/stories/${story.slug}/entries`;
    const etag = (await get(path)).headers.get('etag')!;
    await makeEntry(editor, story.slug, { headline: 'Second' });
    await eventually(
      async () => (await get(path, { 'if-none-match': etag })).status === 200,
      3000,
      'a new ETag after a publish',
    );
  });

  it('keeps newsroom reads, sign-ins and errors out of shared caches (no-store)', async () => {
    const newsroom = [
      await editor.get(`/api/stories/${story.slug}/entries?status=all`),
      await editor.get(`/api/stories/${story.slug}/entries`),
      await editor.get(`/api/stories/${story.slug}`),
      await editor.get('/api/stories?status=draft'),
      await editor.get('/api/users'),
      await client(server.url).post('/api/auth/login', { email: 'nobody@liveline.test', password: 'wrong-password' }),
      await client(server.url).get('/api/stories/no-such-story/entries'),
    ];
    for (const r of newsroom) {
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('surrogate-key')).toBeNull();
    }
    expect(newsroom.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 401, 404]);
  });
});
