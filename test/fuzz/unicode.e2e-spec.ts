import fc from 'fast-check';
import { fuzzParams, fuzzTarget, type FuzzTarget } from './support/fuzz-server';

// Code points that have broken real systems: bidi controls, lone surrogates, NUL and other
// controls, non-characters, BOMs, combining storms, ZWJ emoji, line and paragraph separators.
const SPECIAL = [
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202d',
  '\u202e',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ud800',
  '\udbff',
  '\udc00',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u2028',
  '\u2029',
  '\u0301',
  '\u200d',
  '👩‍👩‍👧',
  '🏳️‍⚧️',
  'ﷺ',
  'ـ',
  '\u00a0',
  '\u3000',
];
const text = fc
  .array(
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
      {
        weight: 3,
        arbitrary: fc.constantFrom('خبر', 'news', ' ', '<b>', '</b>', '&amp;', '&#0;', '&#xD800;', '&#x202E;'),
      },
    ),
    { minLength: 1, maxLength: 25 },
  )
  .map((parts) => parts.join(''));

// Invalid in XML 1.0 even as character references; feeds must never carry them.
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|&#x?0*(0|[1-8]|1[1-2]|1[4-9]|2\d|3[01]|[bce]|1[0-9a-f]|fffe|ffff|d[89a-f][0-9a-f]{2});/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('Unicode edge cases', () => {
  let t: FuzzTarget;
  beforeAll(async () => (t = await fuzzTarget()));
  afterAll(() => t?.server.stop());

  const send = async (method: string, path: string, body: unknown) => {
    const r = await fetch(`${t.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json().catch(() => null)) as any };
  };

  it('stores entries and stories with any of them, or refuses them with a 400, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, async (body, headline) => {
        const r = await send('POST', `/api/stories/${t.story.id}/entries`, {
          body: `<p>${body}</p>`,
          headline: headline.slice(0, 300),
        });
        expect([201, 400]).toContain(r.status);
        if (r.status !== 201) return;
        // What comes back is valid Unicode without NUL: PostgreSQL could store it, JSON and XML can carry it.
        for (const v of [r.json.body, r.json.headline]) {
          expect(v).not.toMatch(LONE_SURROGATE);
          expect(v).not.toContain('\u0000');
        }
        // Arabic text needs its direction marks.
        for (const mark of ['\u200e', '\u200f', '\u061c']) if (body.includes(mark)) expect(r.json.body).toContain(mark);
        const s = await send('POST', '/api/stories', {
          title: `${headline.slice(0, 250)}x`,
          summary: body.slice(0, 4000),
          status: 'live',
        });
        // 409: the slug made from this title is taken already.
        expect([201, 400, 409]).toContain(s.status);
      }),
      fuzzParams(150),
    );
  });

  it('takes a 100,000-character word in a body and very long values elsewhere without a 5xx', async () => {
    const word = 'ب'.repeat(100_000);
    const r = await send('POST', `/api/stories/${t.story.id}/entries`, {
      body: `<p>${word}</p>`,
      headline: 'W'.repeat(300),
    });
    expect(r.status).toBe(201);
    expect(r.json.body).toContain(word);
    expect(
      (await send('POST', `/api/stories/${t.story.id}/entries`, { body: `<p>${'x'.repeat(300_000)}</p>` })).status,
    ).toBe(400);
    expect((await send('POST', '/api/stories', { title: 'W'.repeat(100_000) })).status).toBe(400);
    expect(
      (await send('POST', '/api/auth/login', { email: `${'a'.repeat(100_000)}@x.y`, password: 'p'.repeat(100_000) }))
        .status,
    ).toBe(400);
  });

  it('renders the story page, embed and feeds holding all of them, as valid XML and JSON', async () => {
    for (const ch of SPECIAL)
      await send('POST', `/api/stories/${t.story.id}/entries`, { body: `<p>a${ch}b</p>`, headline: `h${ch}` });
    for (const path of [`/stories/${t.story.slug}`, `/embed/${t.story.slug}`]) {
      const r = await fetch(`${t.server.url}${path}`);
      expect(r.status).toBe(200);
      expect(await r.text()).not.toMatch(LONE_SURROGATE);
    }
    for (const feed of ['feed.atom', 'feed.rss']) {
      const r = await fetch(`${t.server.url}/stories/${t.story.slug}/${feed}`);
      expect(r.status).toBe(200);
      const xml = await r.text();
      expect(xml.match(NOT_XML)?.[0]).toBeUndefined();
    }
    const json = await fetch(`${t.server.url}/stories/${t.story.slug}/feed.json`);
    expect(json.status).toBe(200);
    const items = ((await json.json()) as { items: { content_html: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    // The live log carries the same entries to sockets and the HTTP twin.
    const events = await fetch(`${t.server.url}/api/stories/${t.story.id}/events?since=0&limit=1000`);
    expect(events.status).toBe(200);
  });
});
