import type { Entry, EmbedPreview } from '@liveline/contracts';
import { client, makeEntry, makeStory, makeUser, type Client } from '../support/api';
import { login, startServer, type RunningServer } from '../support/server';

// This machine has no internet: every oEmbed request fails, and the previews must still answer.
const X = 'https://x.com/SecDef/status/1790000000000000001';
const YT = 'https://youtu.be/dQw4w9WgXcQ?si=tracking';
const YT_CANON = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
const TG = 'https://t.me/s/kyivcity/12345';
const TG_CANON = 'https://t.me/kyivcity/12345';

describe('embeds: saving, refusing and previewing', () => {
  let server: RunningServer;
  let anon: Client;
  let editor: Client;
  let contributor: Client;

  beforeAll(async () => {
    server = await startServer({ env: { EMBED_OEMBED_TIMEOUT_MS: '1500' } });
    anon = client(server.url);
    const admin = anon.as(await login(server.url));
    editor = (await makeUser(admin, 'editor')).api;
    contributor = (await makeUser(admin, 'contributor')).api;
  }, 180_000);
  afterAll(() => server?.stop());

  it('stores an X post, a YouTube video and a Telegram post as canonical figures with fallback links', async () => {
    const s = await makeStory(editor);
    const body =
      `<p>Statements overnight</p><figure data-embed="${X}?s=20"></figure>` +
      `<figure data-embed="${YT.replace('&', '&amp;')}"><img src="https://evil.example/t.png"><script>x()</script></figure>` +
      `<figure data-embed="${TG}"><p>pasted text</p></figure>`;
    const e = await makeEntry(editor, s.slug, { body });
    expect(e.body).toBe(
      '<p>Statements overnight</p>' +
        `<figure data-embed="${X}"><a href="${X}" rel="noopener noreferrer">X: ${X}</a></figure>` +
        `<figure data-embed="${YT_CANON}"><a href="${YT_CANON}" rel="noopener noreferrer">YouTube: ${YT_CANON}</a></figure>` +
        `<figure data-embed="${TG_CANON}"><a href="${TG_CANON}" rel="noopener noreferrer">Telegram: ${TG_CANON}</a></figure>`,
    );
    const page = (await anon.get<{ items: Entry[] }>(`/api/stories/${s.slug}/entries`)).body;
    expect(page.items[0].body).toBe(e.body);
  });

  it.each([
    ['https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ'],
    ['https://example.com/video'],
    ['javascript:alert(1)'],
    ['http://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://t.me/c/123456/7'],
  ])('refuses a body embedding %s with a 400 that names it, on create and on edit', async (url) => {
    const s = await makeStory(editor);
    const created = await editor.post(`/api/stories/${s.slug}/entries`, {
      body: `<p>x</p><figure data-embed="${url}"></figure>`,
    });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: 'validation_failed', reason: 'unsupported_embed', unsupported: [url] });
    expect(String(created.body.message)).toContain(url);
    const e = await makeEntry(editor, s.slug);
    const edited = await editor.patch(`/api/stories/${s.slug}/entries/${e.id}`, {
      body: `<figure data-embed="${url}"></figure>`,
    });
    expect(edited.status).toBe(400);
    expect(String(edited.body.message)).toContain(url);
    expect((await anon.get(`/api/stories/${s.slug}/entries`)).body.items[0].version).toBe(1);
  });

  it('previews a supported URL for contributors, without the optional fields when the platform is unreachable', async () => {
    const r = await contributor.get<EmbedPreview>(`/api/embeds/preview?url=${encodeURIComponent(YT)}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ provider: 'youtube', url: YT_CANON, kind: 'video' });
    const tg = await contributor.get<EmbedPreview>(`/api/embeds/preview?url=${encodeURIComponent(TG)}`);
    expect(tg.body).toEqual({ provider: 'telegram', url: TG_CANON, kind: 'post' });
    const x = await editor.get<EmbedPreview>(`/api/embeds/preview?url=${encodeURIComponent(X)}`);
    expect(x.body).toEqual({ provider: 'x', url: X, kind: 'post' });
    // The miss is cached: asking again answers from the database, the same way.
    const again = await contributor.get<EmbedPreview>(`/api/embeds/preview?url=${encodeURIComponent(YT_CANON)}`);
    expect(again.body).toEqual(r.body);
    // The server tried the official endpoint through the guarded client and recorded why it failed.
    expect(server.output()).toMatch(/oEmbed for youtube unavailable \(outbound_(connect_failed|timeout)\)/);
  });

  it('answers 422 for an unsupported URL, 400 without one, and 401 to anonymous callers', async () => {
    const bad = await contributor.get(
      `/api/embeds/preview?url=${encodeURIComponent('https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ')}`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'unprocessable', reason: 'unsupported_embed_url' });
    expect((await contributor.get('/api/embeds/preview?url=http%3A%2F%2F127.0.0.1%2F')).status).toBe(422);
    expect((await contributor.get('/api/embeds/preview')).status).toBe(400);
    expect((await anon.get(`/api/embeds/preview?url=${encodeURIComponent(YT)}`)).status).toBe(401);
  });

  it('serves cards on the page and the embed, links in the feeds, and sharedContent in JSON-LD, with nothing loaded from the platforms', async () => {
    const s = await makeStory(editor, { language: 'ar', title: 'تصريحات' });
    await makeEntry(editor, s.slug, {
      body: `<p>تصريحات</p><figure data-embed="${X}"></figure><figure data-embed="${YT}"></figure><figure data-embed="${TG}"></figure>`,
    });
    for (const path of [`/stories/${s.slug}`, `/embed/${s.slug}`]) {
      const page = await fetch(server.url + path);
      const html = await page.text();
      expect(page.headers.get('content-security-policy')).toContain(
        'frame-src https://platform.twitter.com https://www.youtube-nocookie.com https://t.me ',
      );
      for (const url of [X, YT_CANON, TG_CANON])
        expect(html).toContain(`<figure class="ll-shared" data-embed="${url}"`);
      expect(html).toContain('حمّل الفيديو من YouTube: يحمّل هذا محتوى من youtube-nocookie.com');
      // No frame, script or image of a platform before a press: only links to the originals.
      expect(html).not.toMatch(
        /<iframe[^>]+(youtube|twitter|t\.me)|<script[^>]+src="https:|<img[^>]+(ytimg|twimg|telegram)/,
      );
      if (path.startsWith('/stories/')) {
        const ld = JSON.parse(
          /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1].replace(/\\u003c/g, '<'),
        );
        expect(ld.liveBlogUpdate[0].sharedContent).toEqual([
          { '@type': 'SocialMediaPosting', url: X },
          { '@type': 'VideoObject', url: YT_CANON },
          { '@type': 'SocialMediaPosting', url: TG_CANON },
        ]);
      }
    }
    const atom = await (await fetch(`${server.url}/stories/${s.slug}/feed.atom`)).text();
    expect(atom).toContain(`<a href="${YT_CANON}" rel="noopener noreferrer">YouTube: ${YT_CANON}</a>`);
    const json = await (await fetch(`${server.url}/stories/${s.slug}/feed.json`)).json();
    expect(json.items[0].content_html).toContain(`<a href="${TG_CANON}"`);
  });
});
