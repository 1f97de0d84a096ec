import { createServer } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Entry, Story } from '@liveline/contracts';
import { client, makeEntry, makeStory, sleep, type Client } from '../support/api';
import { launchBrowser } from '../support/browser';
import { login, startServer, type RunningServer } from '../support/server';

const DEMO = 'austin-kyiv-north-korea-troops';
const ARABIC_DIGITS = /^[^0-9]*[٠-٩][^0-9]*$/;

describe('the reader page', () => {
  let server: RunningServer;
  let editor: Client;
  let browser: Browser;
  let long: Story;
  let longEntries: Entry[];

  beforeAll(async () => {
    server = await startServer({ env: { SEED_DEMO: 'true' } });
    editor = client(server.url, await login(server.url));
    browser = await launchBrowser();
    // More entries than one page holds (20), so "load older" has somewhere to go.
    long = await makeStory(editor, { title: 'يوميات الحرب', summary: 'تغطية طويلة', language: 'ar' });
    longEntries = [];
    for (let i = 1; i <= 23; i++)
      longEntries.push(await makeEntry(editor, long.slug, { headline: `تحديث رقم ${i}`, keyEvent: i === 2 }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Console errors of the test's pages: a CSP violation, a failed request or a script error fails the test. */
  let problems: string[] = [];
  beforeEach(() => (problems = []));
  afterEach(() => expect(problems).toEqual([]));

  function watch(page: Page): Page {
    // With the address it concerns: for a failed request that is the request's URL.
    page.on('console', (m) => m.type() === 'error' && problems.push(`${m.text()} @ ${m.location().url}`));
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  async function readerPage(
    slug: string,
    opts: { js?: boolean; clock?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      javaScriptEnabled: opts.js ?? true,
      viewport: { width: 1000, height: 800 },
    });
    const page = watch(await context.newPage());
    if (opts.clock) await page.clock.install();
    await page.goto(`${server.url}/stories/${slug}`);
    return { context, page };
  }

  const articleIds = (page: Page) =>
    page.locator('.ll-timeline > article').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id));

  it('shows the entries with JavaScript off: right to left, pinned first, key events linked, paging by link', async () => {
    const { context, page } = await readerPage(DEMO, { js: false });
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
    await expect(page.locator('h1').textContent()).resolves.toContain('أوستن');
    const articles = page.locator('article.ll-entry');
    expect(await articles.count()).toBeGreaterThanOrEqual(10);
    // Every entry has a permalink anchor and machine-readable times.
    const first = articles.first();
    const id = await first.getAttribute('id');
    expect(id).toMatch(/^entry-[0-9a-f-]{36}$/);
    await expect(first.locator('a.ll-permalink').getAttribute('href')).resolves.toBe(`#${id}`);
    expect(await first.locator('time[datetime]').count()).toBeGreaterThanOrEqual(2);
    await expect(first.locator('time').first().textContent()).resolves.toMatch(ARABIC_DIGITS);
    // The pinned entry comes before the list, and key events link to anchors on the page.
    await expect(page.locator('.ll-pinned article').count()).resolves.toBe(1);
    const keyLinks = await page.locator('.ll-key-events a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(keyLinks.length).toBeGreaterThan(0);
    for (const href of keyLinks) await expect(page.locator(href).count()).resolves.toBe(1);

    await page.goto(`${server.url}/stories/${long.slug}`);
    expect(await articleIds(page)).toEqual(
      longEntries
        .slice(3)
        .reverse()
        .map((e) => e.id),
    );
    await page.click('a.ll-older');
    expect(page.url()).toContain('?before=');
    expect(await articleIds(page)).toEqual(
      longEntries
        .slice(0, 3)
        .reverse()
        .map((e) => e.id),
    );
    await expect(page.locator('a.ll-older').isHidden()).resolves.toBe(true);
    await expect(page.locator('a.ll-latest').getAttribute('href')).resolves.toBe(`/stories/${long.slug}`);
    await context.close();
  });

  it('carries schema.org LiveBlogPosting JSON-LD whose updates point at the entries on the page', async () => {
    const { context, page } = await readerPage(long.slug, { js: false });
    const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(blocks).toHaveLength(1);
    const ld = JSON.parse(blocks[0]);
    const pageUrl = `${server.url}/stories/${long.slug}`;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LiveBlogPosting',
      url: pageUrl,
      headline: 'يوميات الحرب',
      inLanguage: 'ar',
    });
    expect(Date.parse(ld.coverageStartTime)).not.toBeNaN();
    expect(ld.coverageEndTime).toBeUndefined();
    expect(ld.liveBlogUpdate).toHaveLength(20);
    for (const update of ld.liveBlogUpdate) {
      expect(update['@type']).toBe('BlogPosting');
      expect(update.url.startsWith(`${pageUrl}#entry-`)).toBe(true);
      expect(typeof update.headline).toBe('string');
      expect(Date.parse(update.datePublished)).not.toBeNaN();
      await expect(page.locator(`#${update.url.split('#')[1]}`).count()).resolves.toBe(1);
    }
    expect(ld.liveBlogUpdate[0].headline).toBe('تحديث رقم 23');
    const og = await page.locator('meta[property="og:url"]').getAttribute('content');
    expect(og).toBe(pageUrl);
    await context.close();
  });

  it('serves Atom, RSS 2.0 and JSON Feed 1.1 that parse, with permalinks and visible corrections', async () => {
    const { context, page } = await readerPage(long.slug);
    const pageUrl = `${server.url}/stories/${long.slug}`;
    const readFeeds = () =>
      page.evaluate(async (base) => {
        // Past the browser's own cache: feeds may be kept for max-age=5.
        const get = async (path: string) => (await fetch(base + path, { cache: 'no-store' })).text();
        const xml = async (path: string) => {
          const doc = new DOMParser().parseFromString(await get(path), 'application/xml');
          if (doc.querySelector('parsererror')) throw new Error(`${path} does not parse`);
          return doc;
        };
        const atom = await xml('/feed.atom');
        const rss = await xml('/feed.rss');
        const json = JSON.parse(await get('/feed.json'));
        const atomEntries = [...atom.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')];
        return {
          atomRoot: `${atom.documentElement.namespaceURI} ${atom.documentElement.localName}`,
          atomUpdated: atom.documentElement.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'updated')[0]
            .textContent,
          atomLinks: atomEntries.map((e) =>
            e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'link')[0].getAttribute('href'),
          ),
          atomFirstUpdated: atomEntries[0].getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'updated')[0]
            .textContent,
          atomFirstContent: atomEntries[0].getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'content')[0]
            .textContent,
          rssVersion: rss.documentElement.getAttribute('version'),
          rssLinks: [...rss.querySelectorAll('channel > item > link')].map((l) => l.textContent),
          rssGuidPermalink: rss.querySelector('channel > item > guid')?.getAttribute('isPermaLink'),
          json,
        };
      }, pageUrl);

    // Pages and feeds follow the story's head seq, which the event log's notification moves a
    // moment after the write returns.
    const readFeedsUntil = async (done: (f: Awaited<ReturnType<typeof readFeeds>>) => boolean) => {
      const deadline = Date.now() + 3000;
      for (;;) {
        const feeds = await readFeeds();
        if (done(feeds) || Date.now() > deadline) return feeds;
        await sleep(50);
      }
    };
    const before = await readFeeds();
    expect(before.atomRoot).toBe('http://www.w3.org/2005/Atom feed');
    expect(before.rssVersion).toBe('2.0');
    expect(before.rssGuidPermalink).toBe('true');
    const newest = longEntries[longEntries.length - 1];
    expect(before.atomLinks[0]).toBe(`${pageUrl}#entry-${newest.id}`);
    expect(before.rssLinks[0]).toBe(`${pageUrl}#entry-${newest.id}`);
    expect(before.json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(before.json.language).toBe('ar');
    expect(before.json.items[0]).toMatchObject({
      id: `${pageUrl}#entry-${newest.id}`,
      url: `${pageUrl}#entry-${newest.id}`,
      title: 'تحديث رقم 23',
    });
    expect(before.json.items).toHaveLength(23);

    // A correction changes the entry's updated time and says so; a deletion takes it out.
    await sleep(1100);
    expect(
      (await editor.patch(`/api/stories/${long.slug}/entries/${newest.id}`, { body: '<p>نص مصحح</p>' })).status,
    ).toBe(200);
    const corrected = await readFeedsUntil((f) => f.atomFirstUpdated !== before.atomFirstUpdated);
    expect(Date.parse(corrected.atomFirstUpdated!)).toBeGreaterThan(Date.parse(before.atomFirstUpdated!));
    expect(corrected.atomFirstContent).toContain('نص مصحح');
    expect(corrected.atomFirstContent).toContain('عُدّل');
    expect(corrected.json.items[0].date_modified).not.toBe(corrected.json.items[0].date_published);

    expect((await editor.del(`/api/stories/${long.slug}/entries/${newest.id}`)).status).toBe(204);
    const deleted = await readFeedsUntil((f) => f.json.items.length !== before.json.items.length);
    expect(deleted.atomLinks).not.toContain(`${pageUrl}#entry-${newest.id}`);
    expect(deleted.json.items).toHaveLength(22);
    expect(Date.parse(deleted.atomUpdated!)).toBeGreaterThanOrEqual(Date.parse(corrected.atomUpdated!));
    longEntries.pop();
    await context.close();
  });

  it('updates live: a new entry at the top within a second, announced politely; edits and deletions in place', async () => {
    const { context, page } = await readerPage(DEMO);
    await page.waitForLoadState('networkidle');
    const entry = await makeEntry(editor, DEMO, { headline: 'انفجارات في خاركيف', body: '<p>تفاصيل أولية</p>' });
    const article = page.locator(`#entry-${entry.id}`);
    await article.waitFor({ timeout: 1500 });
    expect((await articleIds(page))[0]).toBe(entry.id);
    await page.waitForFunction(
      () => document.querySelector('.ll-announcer')?.textContent?.includes('انفجارات في خاركيف'),
      undefined,
      { timeout: 3000 },
    );
    await expect(page.locator('.ll-announcer').getAttribute('aria-live')).resolves.toBe('polite');
    await expect(article.locator('time').first().textContent()).resolves.toBe('الآن');
    // The JSON-LD follows the page.
    const ldHas = () =>
      page.evaluate(
        (id) => document.querySelector('script[type="application/ld+json"]')!.textContent!.includes(`#entry-${id}`),
        entry.id,
      );
    await expect(ldHas()).resolves.toBe(true);

    await sleep(1100);
    await editor.patch(`/api/stories/${DEMO}/entries/${entry.id}`, { headline: 'انفجارات في خاركيف (محدّث)' });
    await article.locator('.ll-updated').waitFor({ timeout: 1500 });
    await expect(article.locator('.ll-headline').textContent()).resolves.toBe('انفجارات في خاركيف (محدّث)');
    expect((await articleIds(page))[0]).toBe(entry.id);

    await editor.del(`/api/stories/${DEMO}/entries/${entry.id}`);
    await article.waitFor({ state: 'detached', timeout: 1500 });
    await expect(ldHas()).resolves.toBe(false);
    await context.close();
  });

  it('holds new entries behind an "N new updates" button while the reader is scrolled down, and counts them in the title', async () => {
    const { context, page } = await readerPage(DEMO);
    await page.waitForLoadState('networkidle');
    const title = await page.title();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await sleep(300);
    const scrolled = await page.evaluate(() => window.scrollY);

    const one = await makeEntry(editor, DEMO, { headline: 'أول خبر عاجل' });
    const button = page.locator('button.ll-new');
    await button.waitFor({ state: 'visible', timeout: 1500 });
    await expect(button.textContent()).resolves.toBe('تحديث جديد');
    const two = await makeEntry(editor, DEMO, { headline: 'ثاني خبر عاجل' });
    await page.waitForFunction(
      () => document.querySelector('button.ll-new')?.textContent === 'تحديثان جديدان',
      undefined,
      { timeout: 1500 },
    );
    await expect(page.title()).resolves.toBe(`(٢) ${title}`);
    // Nothing jumped under the reader.
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await expect(page.locator(`#entry-${one.id}`).count()).resolves.toBe(0);

    await button.click();
    await page.locator(`#entry-${two.id}`).waitFor();
    expect((await articleIds(page)).slice(0, 2)).toEqual([two.id, one.id]);
    await expect(button.isHidden()).resolves.toBe(true);
    await expect(page.title()).resolves.toBe(title);
    await context.close();
  });

  it('loads older entries in place with JavaScript on', async () => {
    const { context, page } = await readerPage(long.slug);
    await page.waitForLoadState('networkidle');
    const url = page.url();
    await page.click('a.ll-older');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.ll-timeline > article').length === n,
      longEntries.length,
      { timeout: 3000 },
    );
    expect(page.url()).toBe(url);
    expect(await articleIds(page)).toEqual([...longEntries].reverse().map((e) => e.id));
    await expect(page.locator('a.ll-older').isHidden()).resolves.toBe(true);
    await context.close();
  });

  it('keeps relative times current, in Arabic-Indic digits', async () => {
    const { context, page } = await readerPage(long.slug, { clock: true });
    const entry = await makeEntry(editor, long.slug, { headline: 'للتوقيت' });
    const time = page.locator(`#entry-${entry.id} time.ll-occurred`);
    await time.waitFor({ timeout: 3000 });
    await expect(time.textContent()).resolves.toBe('الآن');
    await page.clock.fastForward('05:00');
    await page.waitForFunction(
      (id) => document.querySelector(`#entry-${id} time.ll-occurred`)?.textContent === 'قبل ٥ دقائق',
      entry.id,
      { timeout: 3000 },
    );
    longEntries.push(entry);
    await context.close();
  });

  it('sizes the iframe embed to its content in a host page on another origin', async () => {
    const host = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html><head><meta charset="utf-8"></head><body><p>host</p>` +
          `<iframe id="embed" src="${server.url}/embed/${long.slug}" style="width:100%;border:0" height="150"></iframe>` +
          `<script async src="${server.url}/embed-host.js"></script></body></html>`,
      );
    });
    await new Promise<void>((done) => host.listen(0, '127.0.0.1', done));
    const page = watch(await browser.newPage({ viewport: { width: 900, height: 700 } }));
    await page.goto(`http://localhost:${(host.address() as { port: number }).port}/`);
    const frameHeight = () => page.locator('#embed').evaluate((f) => f.getBoundingClientRect().height);
    await page.waitForFunction(
      () => document.getElementById('embed')!.getBoundingClientRect().height > 1000,
      undefined,
      { timeout: 5000 },
    );
    const frame = page.frameLocator('#embed');
    const content = await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    expect(Math.abs((await frameHeight()) - content)).toBeLessThanOrEqual(2);
    await expect(frame.locator('html').getAttribute('dir')).resolves.toBe('rtl');

    const grownFrom = await frameHeight();
    const entry = await makeEntry(editor, long.slug, {
      headline: 'يظهر في الإطار',
      body: '<p>سطر</p><p>سطر</p><p>سطر</p>',
    });
    await frame.locator(`#entry-${entry.id}`).waitFor({ timeout: 2000 });
    await page.waitForFunction((h) => document.getElementById('embed')!.getBoundingClientRect().height > h, grownFrom, {
      timeout: 3000,
    });
    longEntries.push(entry);
    await page.close();
    await new Promise((done) => host.close(done));
  });

  it('resumes with since after the server restarts, showing what it missed exactly once', async () => {
    const { context, page } = await readerPage(long.slug);
    await page.waitForLoadState('networkidle');
    const before = await articleIds(page);
    await server.stop();
    server = await startServer({
      port: server.port,
      storage: { dataDir: server.env.DATA_DIR || undefined, databaseUrl: server.env.DATABASE_URL || undefined },
    });
    editor = client(server.url, await login(server.url));
    // Posted while the page is still reconnecting: it arrives through the resubscription's replay.
    const missed = await makeEntry(editor, long.slug, { headline: 'فاتك أثناء الانقطاع' });
    await page.locator(`#entry-${missed.id}`).waitFor({ timeout: 15_000 });
    const after = await articleIds(page);
    expect(after).toEqual([missed.id, ...before]);
    expect(new Set(after).size).toBe(after.length);
    // Refused connections while the server was down are the point of this test, not a fault; so
    // are new socket.io sessions the draining process refused (503 with Retry-After) when the
    // page came back before that process closed its last keep-alive connection.
    problems = problems.filter(
      (p) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(p) && !/status of 503 .* @ .*\/socket\.io\//.test(p),
    );
    await context.close();
  });
});
