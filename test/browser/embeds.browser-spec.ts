import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { EMBED_FRAME_ORIGINS } from '@liveline/contracts';
import { client, makeEntry, makeStory, type Client } from '../support/api';
import { launchBrowser } from '../support/browser';
import { login, startServer, type RunningServer } from '../support/server';

// The done-when scenario: an entry with an X post, a YouTube video and a Telegram post. Every
// request the browser makes is recorded; anything not on this machine is answered by a stub
// (page.route), so nothing leaves it, and the record shows whether a platform was contacted.

const X = 'https://x.com/SecDef/status/1790000000000000001';
const YT = 'https://youtu.be/dQw4w9WgXcQ?si=share';
const TG = 'https://t.me/s/kyivcity/12345';
const LOCAL = new Set(['127.0.0.1', 'localhost']);

interface Recorder {
  outside: string[];
  violations: () => Promise<string[]>;
}

/** Records every request of the context; stubs everything off this machine. */
async function record(context: BrowserContext): Promise<Recorder> {
  const outside: string[] = [];
  context.on('request', (r: Request) => {
    if (!LOCAL.has(new URL(r.url()).hostname)) outside.push(r.url());
  });
  await context.route(
    (url) => !LOCAL.has(url.hostname),
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>stub</title><p>platform stub</p>',
      }),
  );
  await context.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      true,
    );
  });
  return {
    outside,
    violations: async () =>
      (
        await Promise.all(
          context.pages().map((p) => p.evaluate(() => (window as unknown as { __violations: string[] }).__violations)),
        )
      ).flat(),
  };
}

describe('embedded posts and videos in the browser', () => {
  let server: RunningServer;
  let editor: Client;
  let browser: Browser;
  let slug: string;
  const partners: Server[] = [];

  beforeAll(async () => {
    server = await startServer();
    editor = client(server.url, await login(server.url));
    browser = await launchBrowser();
    const story = await makeStory(editor, { title: 'Statements overnight', language: 'en' });
    slug = story.slug;
    await makeEntry(editor, slug, {
      body: `<p>Three statements</p><figure data-embed="${X}"></figure><figure data-embed="${YT}"></figure><figure data-embed="${TG}"></figure>`,
    });
  }, 180_000);
  afterAll(async () => {
    partners.forEach((p) => p.close());
    await browser?.close();
    await server?.stop();
  });

  let problems: string[] = [];
  beforeEach(() => (problems = []));
  afterEach(() => expect(problems).toEqual([]));
  function watch(page: Page): Page {
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    return page;
  }

  it('shows three cards on the reader page, contacts no platform before a press, then loads only the chosen one', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const rec = await record(context);
    const page = watch(await context.newPage());
    await page.goto(`${server.url}/stories/${slug}`);
    const cards = page.locator('.ll-timeline figure[data-embed]');
    await cards.nth(2).waitFor();
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-embed')))).toEqual([
      X,
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://t.me/kyivcity/12345',
    ]);
    const youtube = page.locator('figure[data-provider=youtube]');
    const button = youtube.getByRole('button');
    await expect(button.textContent()).resolves.toBe(
      'Load the video from YouTube: this loads content from youtube-nocookie.com',
    );
    await expect(youtube.locator('a.ll-shared-link').getAttribute('href')).resolves.toBe(
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    );

    // Something positive after the wait: a live entry with another embed arrives as a card.
    await makeEntry(editor, slug, { body: '<figure data-embed="https://vimeo.com/76979871"></figure>' });
    // At the top of the list it shows at once; scrolled in, it waits behind the "new updates" button.
    const vimeo = page.locator('figure[data-provider=vimeo]');
    await page.waitForFunction(
      () =>
        !!document.querySelector('figure[data-provider=vimeo]') ||
        !document.querySelector('.ll-new')?.hasAttribute('hidden'),
    );
    if (!(await vimeo.count())) await page.locator('.ll-new').click();
    await vimeo.waitFor();
    expect(rec.outside).toEqual([]);

    await button.click();
    const frame = youtube.locator('iframe');
    await frame.waitFor();
    await expect(frame.getAttribute('src')).resolves.toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    await expect(frame.getAttribute('title')).resolves.toBe('YouTube video');
    await expect(frame.getAttribute('sandbox')).resolves.toBe(
      'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation',
    );
    expect(await frame.contentFrame().locator('p').textContent()).toBe('platform stub');
    expect(rec.outside).toEqual(['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']);

    // Keyboard: Enter on the Telegram button loads it; the X post stays unloaded.
    await page.locator('figure[data-provider=telegram]').getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.locator('figure[data-provider=telegram] iframe').waitFor();
    expect(rec.outside).toEqual([
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://t.me/kyivcity/12345?embed=1',
    ]);
    expect(await page.locator('figure[data-provider=x] iframe').count()).toBe(0);
    expect(await rec.violations()).toEqual([]);
    await context.close();
  });

  it('remembers "always load from X" on this site, and forgets it when undone', async () => {
    const context = await browser.newContext();
    const rec = await record(context);
    const page = watch(await context.newPage());
    await page.goto(`${server.url}/stories/${slug}`);
    const x = page.locator('figure[data-provider=x]');
    await x.getByRole('checkbox').check();
    await x.locator('iframe').waitFor();
    await page.reload();
    await page.locator('figure[data-provider=x] iframe').waitFor();
    expect(await page.locator('figure[data-provider=youtube] iframe').count()).toBe(0);
    expect(
      rec.outside.every((u) => u.startsWith('https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001')),
    ).toBe(true);
    await page.locator('figure[data-provider=x]').getByRole('checkbox').uncheck();
    expect(await page.evaluate(() => localStorage.getItem('liveline:embeds:always:x'))).toBeNull();
    const before = rec.outside.length;
    await page.reload();
    await page.locator('figure[data-provider=telegram]').waitFor();
    expect(await page.locator('figure[data-provider=x]').getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.locator('iframe').count()).toBe(0);
    expect(rec.outside.length).toBe(before);
    expect(await rec.violations()).toEqual([]);
    await context.close();
  });

  it("shows the cards in a partner's widget on another origin, loading nothing until a press, within the partner's CSP", async () => {
    const base = server.url;
    const ws = base.replace('http:', 'ws:');
    // A careful partner: their CSP must allow our script and socket and the platforms' frames.
    const csp = `default-src 'self'; script-src ${base}; connect-src ${base} ${ws}; img-src 'self' https: data:; frame-src ${EMBED_FRAME_ORIGINS.join(' ')}`;
    const html =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>Partner</title></head>` +
      `<body><h1>Partner news</h1><liveline-timeline story="${slug}"></liveline-timeline><script src="${base}/widget.js" async></script></body></html>`;
    const partner = createServer((_req, res) => res.setHeader('content-type', 'text/html; charset=utf-8').end(html));
    partners.push(partner);
    await new Promise<void>((done) => partner.listen(0, '127.0.0.1', done));
    const partnerUrl = `http://localhost:${(partner.address() as { port: number }).port}/`;

    const context = await browser.newContext();
    const rec = await record(context);
    const page = watch(await context.newPage());
    await page.goto(partnerUrl);
    const cards = page.locator('liveline-timeline figure[data-embed]');
    await cards.nth(3).waitFor();
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-provider')))).toEqual([
      'vimeo',
      'x',
      'youtube',
      'telegram',
    ]);
    // A live arrival in the widget is a card too, and still nothing went out.
    await makeEntry(editor, slug, {
      body: `<figure data-embed="https://www.tiktok.com/@scout2015/video/6718335390845095173"></figure>`,
    });
    await page.locator('liveline-timeline figure[data-provider=tiktok]').waitFor();
    expect(rec.outside).toEqual([]);

    await page.locator('liveline-timeline figure[data-provider=x]').getByRole('button').click();
    const frame = page.locator('liveline-timeline figure[data-provider=x] iframe');
    await frame.waitFor();
    await expect(frame.getAttribute('src')).resolves.toBe(
      'https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true',
    );
    expect(await frame.contentFrame().locator('p').textContent()).toBe('platform stub');
    expect(rec.outside).toEqual(['https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true']);
    expect(await rec.violations()).toEqual([]);
    await context.close();
  });

  it('loads a frame in the iframe embed (/embed/) only after a press, within its CSP', async () => {
    const context = await browser.newContext();
    const rec = await record(context);
    const page = watch(await context.newPage());
    await page.goto(`${server.url}/embed/${slug}`);
    const telegram = page.locator('figure[data-provider=telegram]');
    await telegram.getByRole('button').waitFor();
    expect(rec.outside).toEqual([]);
    await telegram.getByRole('button').click();
    await expect(telegram.locator('iframe').getAttribute('title')).resolves.toBe('Telegram post');
    expect(await telegram.locator('iframe').contentFrame().locator('p').textContent()).toBe('platform stub');
    expect(rec.outside).toEqual(['https://t.me/kyivcity/12345?embed=1']);
    expect(await rec.violations()).toEqual([]);
    await context.close();
  });

  it('is a plain link to the original without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const rec = await record(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/stories/${slug}`);
    const youtube = page.locator('figure[data-provider=youtube]');
    expect(await youtube.getByRole('button').isVisible()).toBe(false);
    expect(await youtube.getByRole('link').getAttribute('href')).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(await youtube.getByRole('link').isVisible()).toBe(true);
    expect(rec.outside).toEqual([]);
    await context.close();
  });
});
