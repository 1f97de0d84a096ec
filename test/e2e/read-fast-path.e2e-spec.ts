import type { Entry, EntryPage, Story } from '@liveline/contracts';
import { client, eventually, makeEntry, makeStory, type Client } from '../support/api';
import { login, startServer, type RunningServer } from '../support/server';

// The read fast path (apps/server/src/read-fast-path) answers hot anonymous reads from the bytes
// the full pipeline sent: for every route and variant its answer must be that answer, header
// for header (a fresh CSP nonce aside), and never show a seq newer than its content.

interface Answer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const NONCE = /'nonce-[^']+'/g;

async function fetchRaw(
  url: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  // Node's fetch would gunzip; ask for the raw bytes through the plain http module instead.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers as compared: Date dropped (it is the clock's), the CSP nonce masked (fresh per response). */
const comparable = (a: Answer) =>
  a.headers.filter(([n]) => n.toLowerCase() !== 'date').map(([n, v]) => `${n}: ${v.replace(NONCE, "'nonce-*'")}`);

describe('the read fast path', () => {
  let server: RunningServer;
  let editor: Client;
  let story: Story;

  async function hits(): Promise<number> {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('liveline_read_fast_path_hits_total{'))
      .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
  }

  beforeAll(async () => {
    // news.example is an allowed Host here, so the spec can show a second public origin.
    server = await startServer({
      env: { WRITES_PER_MINUTE: '100000', ALLOWED_HOSTS: 'localhost,127.0.0.1,news.example' },
    });
    editor = client(server.url, await login(server.url));
    story = await makeStory(editor, { language: 'en' });
    for (let i = 0; i < 25; i++) await makeEntry(editor, story.slug, { headline: `Entry ${i}` });
  });
  afterAll(() => server.stop());

  const routes: [string, () => string][] = [
    ['reader page', () => `/stories/${story.slug}`],
    ['embed', () => `/embed/${story.slug}?theme=dark`],
    ['Atom feed', () => `/stories/${story.slug}/feed.atom`],
    ['RSS feed', () => `/stories/${story.slug}/feed.rss`],
    ['JSON feed', () => `/stories/${story.slug}/feed.json`],
    ['story by slug', () => `/api/stories/${story.slug}`],
    ['story by id', () => `/api/stories/${story.id}`],
    ['entries', () => `/api/stories/${story.slug}/entries`],
    ['entries, limit 5', () => `/api/stories/${story.id}/entries?limit=5`],
    ['events twin', () => `/api/stories/${story.id}/events?since=3&limit=10`],
  ];
  const variants: [string, Record<string, string>][] = [
    ['plain', { 'accept-encoding': 'identity' }],
    ['gzip', { 'accept-encoding': 'gzip, deflate, br' }],
  ];

  describe.each(routes)('%s', (_name, path) => {
    it.each(variants)(
      'answers %s GET, HEAD and If-None-Match exactly as the full pipeline does',
      async (_v, headers) => {
        const h = { ...headers, 'x-request-id': 'fast-path-spec' };
        // A 304 through the full pipeline first (nothing is prepared for this variant yet).
        const etag = (await fetchRaw(`${server.url}${path()}`, { method: 'HEAD', headers: h })).headers.find(
          ([n]) => n.toLowerCase() === 'etag',
        )![1];
        const before = await hits();
        const full304 = await fetchRaw(`${server.url}${path()}`, { headers: { ...h, 'if-none-match': etag } });
        const fullHead = await fetchRaw(`${server.url}${path()}`, { method: 'HEAD', headers: h });
        // Only a GET prepares the bytes.
        const full = await fetchRaw(`${server.url}${path()}`, { headers: h });
        expect(await hits()).toBe(before);
        const fast = await fetchRaw(`${server.url}${path()}`, { headers: h });
        const fastHead = await fetchRaw(`${server.url}${path()}`, { method: 'HEAD', headers: h });
        const fast304 = await fetchRaw(`${server.url}${path()}`, { headers: { ...h, 'if-none-match': etag } });
        expect(await hits()).toBe(before + 3);

        expect(full.status).toBe(200);
        expect(fast.status).toBe(200);
        expect(comparable(fast)).toEqual(comparable(full));
        expect(fast.body.equals(full.body)).toBe(true);
        expect(fastHead.status).toBe(200);
        expect(comparable(fastHead)).toEqual(comparable(fullHead));
        expect(fastHead.body.length).toBe(0);
        expect(full304.status).toBe(304);
        expect(fast304.status).toBe(304);
        expect(comparable(fast304)).toEqual(comparable(full304));
        // Per-response values are fresh, not repeated.
        const csp = (a: Answer) => a.headers.find(([n]) => n.toLowerCase() === 'content-security-policy')?.[1];
        if (csp(full)?.includes("'nonce-")) expect(csp(fast)).not.toBe(csp(full));
        const other = await fetchRaw(`${server.url}${path()}`, { headers });
        const id = other.headers.find(([n]) => n.toLowerCase() === 'x-request-id')![1];
        expect(id).not.toBe('fast-path-spec');
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
      },
    );
  });

  it('keys pages on the public origin: another Host gets its own links', async () => {
    const path = `/stories/${story.slug}`;
    await fetchRaw(`${server.url}${path}`);
    await fetchRaw(`${server.url}${path}`, { headers: { host: 'news.example' } });
    const mine = await fetchRaw(`${server.url}${path}`);
    const theirs = await fetchRaw(`${server.url}${path}`, { headers: { host: 'news.example' } });
    expect(mine.body.toString()).not.toContain('news.example');
    expect(theirs.body.toString()).toContain('http://news.example/stories/');
  });

  it('never serves a signed-in read: the newsroom gets the full pipeline, no-store', async () => {
    const before = await hits();
    for (let i = 0; i < 3; i++) {
      const r = await editor.get(`/api/stories/${story.slug}/entries`);
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
    expect(await hits()).toBe(before);
  });

  it('shows the writer its own write at once, and never a seq newer than the entries it comes with', async () => {
    const s = await makeStory(editor, { language: 'en' });
    const path = `${server.url}/api/stories/${s.id}/entries?limit=100`;
    let stop = false;
    const problems: string[] = [];
    let reads = 0;
    // Readers keep the entry hot (and racing its refills) while the writer writes.
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const page = (await (await fetch(path)).json()) as EntryPage;
        reads++;
        if (page.items.length < page.seq) problems.push(`seq ${page.seq} with ${page.items.length} entries`);
      }
    });
    for (let i = 1; i <= 30; i++) {
      const entry = await makeEntry(editor, s.id, { headline: `Round ${i}` });
      const page = (await (await fetch(path)).json()) as EntryPage;
      if (!page.items.some((e: Entry) => e.id === entry.id)) problems.push(`round ${i}: own write missing`);
    }
    stop = true;
    await Promise.all(readers);
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(30);
  });

  it('drops a prepared page when the live feed brings a change no request made here (a scheduled entry)', async () => {
    const s = await makeStory(editor, { language: 'en' });
    await makeEntry(editor, s.id, { headline: 'Already out' });
    const page = `${server.url}/stories/${s.slug}`;
    await fetch(page);
    const before = await hits();
    await fetch(page);
    expect(await hits()).toBe(before + 1);
    await makeEntry(editor, s.id, {
      headline: 'Due soon',
      status: 'scheduled',
      scheduledAt: new Date(Date.now() + 1500).toISOString(),
    });
    await eventually(
      async () => (await (await fetch(page)).text()).includes('Due soon'),
      10_000,
      'the scheduled entry on the page',
    );
  });
});
