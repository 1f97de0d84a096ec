import type { Story } from '@liveline/contracts';
import { client, eventually, makeEntry, makeStory, type Client } from '../support/api';
import { login, startServer, type RunningServer } from '../support/server';

const DEMO = 'austin-kyiv-north-korea-troops';

describe('reader pages, feeds and oEmbed over HTTP', () => {
  let server: RunningServer;
  let editor: Client;
  let story: Story;

  beforeAll(async () => {
    server = await startServer({ env: { SEED_DEMO: 'true' } });
    editor = client(server.url, await login(server.url));
    story = await makeStory(editor, { title: 'Kyiv <live> & "more"', summary: 'Coverage', language: 'en' });
    await makeEntry(editor, story.slug, { headline: 'First', body: '<p>one</p>' });
  });
  afterAll(() => server.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

  it('serves the demo story page right to left with a short shared cache and an ETag', async () => {
    const r = await get(`/stories/${DEMO}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe(
      'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400',
    );
    expect(r.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const html = await r.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('"@type":"LiveBlogPosting"');
  });

  it('answers If-None-Match with a 304 until the story changes', async () => {
    const path = `/stories/${story.slug}`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');

    await makeEntry(editor, story.slug, { headline: 'Second' });
    await eventually(
      async () => (await get(path, { 'if-none-match': etag })).status === 200,
      3000,
      'a new ETag after a publish',
    );
  });

  it('escapes the story into the page and runs no inline script', async () => {
    const html = await (await get(`/stories/${story.slug}`)).text();
    expect(html).toContain('<h1 class="ll-title">Kyiv &lt;live&gt; &amp; &quot;more&quot;</h1>');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(3);
    for (const [, attrs, body] of scripts) {
      if (body.trim()) expect(attrs).toMatch(/type="application\/(ld\+)?json"/);
      else expect(attrs).toMatch(/src="\/reader\.js\?v=[\w-]+"/);
    }
  });

  it('sets a content security policy; only the embed may be framed by other sites', async () => {
    const page = await get(`/stories/${story.slug}`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const embed = await get(`/embed/${story.slug}`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(await embed.text()).toContain('<meta name="robots" content="noindex, follow">');
  });

  it('shows a 404 page for an unknown story and for a draft', async () => {
    const unknown = await get('/stories/no-such-story');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await unknown.text()).toContain('لا توجد قصة منشورة هنا');
    const draft = await makeStory(editor, { title: 'Not yet', status: 'draft' });
    for (const path of [`/stories/${draft.slug}`, `/embed/${draft.slug}`, `/stories/${draft.slug}/feed.atom`])
      expect((await get(path)).status).toBe(404);
  });

  it('takes a story that goes back to draft off its page', async () => {
    const s = await makeStory(editor, { title: 'Brief', language: 'en' });
    expect((await get(`/stories/${s.slug}`)).status).toBe(200);
    expect((await editor.patch(`/api/stories/${s.slug}`, { status: 'draft' })).status).toBe(200);
    await eventually(async () => (await get(`/stories/${s.slug}`)).status === 404, 3000, 'a 404 for the draft');
  });

  it('refuses a malformed cursor with a 400 page, not a 500', async () => {
    const r = await get(`/stories/${story.slug}?before=%%%not-a-cursor`);
    expect(r.status).toBe(400);
  });

  it('serves the three feeds with their types and caching', async () => {
    const types: Record<string, string> = {
      'feed.atom': 'application/atom+xml; charset=utf-8',
      'feed.rss': 'application/rss+xml; charset=utf-8',
      'feed.json': 'application/feed+json; charset=utf-8',
    };
    for (const [name, type] of Object.entries(types)) {
      const r = await get(`/stories/${story.slug}/${name}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(r.headers.get('cache-control')).toBe(
        'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400',
      );
      const etag = r.headers.get('etag')!;
      expect((await get(`/stories/${story.slug}/${name}`, { 'if-none-match': etag })).status).toBe(304);
    }
    const json = await (await get(`/stories/${story.slug}/feed.json`)).json();
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items[0].url).toMatch(new RegExp(`/stories/${story.slug}#entry-[0-9a-f-]{36}$`));
  });

  it('gzips pages and feeds for clients that accept it', async () => {
    const r = await get(`/stories/${DEMO}`, { 'accept-encoding': 'gzip' });
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(r.headers.get('vary')).toContain('Accept-Encoding');
    expect(await r.text()).toContain('LiveBlogPosting');
  });

  it('returns the embed as rich oEmbed JSON for a story URL', async () => {
    const url = `${server.url}/stories/${DEMO}`;
    const r = await editor.get(`/oembed?url=${encodeURIComponent(url)}&maxwidth=500`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'Liveline', width: 500 });
    expect(r.body.html).toContain(`<iframe src="${server.url}/embed/${DEMO}"`);
    expect(r.body.html).toContain(`<script async src="${server.url}/embed-host.js"></script>`);
    expect((await editor.get(`/oembed?url=${encodeURIComponent(`${server.url}/stories/nothing-here`)}`)).status).toBe(
      404,
    );
    expect((await editor.get(`/oembed?url=${encodeURIComponent('https://elsewhere.example/stories/x')}`)).status).toBe(
      404,
    );
    expect((await editor.get(`/oembed?url=${encodeURIComponent(url)}&format=xml`)).status).toBe(501);
  });

  it('serves the browser bundles to any origin: versioned URLs for a year, the bare URL for an hour', async () => {
    const html = await (await get(`/stories/${DEMO}`)).text();
    const versioned = /src="(\/reader\.js\?v=[\w-]+)"/.exec(html)![1];
    const v = await get(versioned);
    expect(v.status).toBe(200);
    expect(v.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(v.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const name of ['widget.js', 'embed-host.js', 'reader.css']) {
      const r = await get(`/${name}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
      expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await get(`/${name}`, { 'if-none-match': r.headers.get('etag')! })).status).toBe(304);
    }
  });
});
