import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { client, makeEntry, makeStory, type Client } from '../support/api';
import { launchBrowser } from '../support/browser';
import { login, startServer, type RunningServer } from '../support/server';

const DEMO = 'austin-kyiv-north-korea-troops';

interface Partner {
  url: string;
  close(): Promise<void>;
}

/** A partner's site on another origin (another host name and port) serving one HTML page. */
async function servePartner(html: string): Promise<Partner> {
  const srv = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });
  await new Promise<void>((done) => srv.listen(0, '127.0.0.1', done));
  const { port } = srv.address() as { port: number };
  return { url: `http://localhost:${port}/`, close: () => new Promise((done) => srv.close(() => done())) };
}

const partnerPage = (server: string, widgets: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>${head}</head>` +
  `<body><h1>Partner news</h1>${widgets}<script src="${server}/widget.js" async></script></body></html>`;

/** What the first widget shows, read through its shadow root. */
function widgetState(page: Page, index = 0) {
  return page
    .locator('liveline-timeline')
    .nth(index)
    .evaluate((el) => {
      const root = el.shadowRoot!.querySelector<HTMLElement>('.ll-root')!;
      return {
        dir: root.dir,
        lang: root.lang,
        direction: getComputedStyle(root).direction,
        title: root.querySelector('.ll-title')?.textContent ?? '',
        ids: [...root.querySelectorAll<HTMLElement>('.ll-timeline > article')].map((a) => a.dataset.id),
        times: [...root.querySelectorAll('time')].map((t) => t.textContent ?? ''),
      };
    });
}

describe('the <liveline-timeline> widget on a partner site', () => {
  let server: RunningServer;
  let editor: Client;
  let browser: Browser;
  const partners: Partner[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { SEED_DEMO: 'true' } });
    editor = client(server.url, await login(server.url));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(partners.map((p) => p.close()));
    await browser?.close();
    await server?.stop();
  });

  /** Console errors on the partner's page (CSP, failed requests, script errors) fail the test. */
  let problems: string[] = [];
  beforeEach(() => (problems = []));
  afterEach(() => expect(problems).toEqual([]));

  async function open(html: string, setup?: (page: Page) => void): Promise<Page> {
    const partner = await servePartner(html);
    partners.push(partner);
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    setup?.(page);
    await page.goto(partner.url);
    await page.locator('liveline-timeline .ll-entry').first().waitFor();
    return page;
  }

  it('weighs at most 35 KB gzipped, socket client included', () => {
    const sizes = JSON.parse(readFileSync(resolve(__dirname, '../../dist/web/sizes.json'), 'utf8'));
    expect(sizes['widget.js'].gzip).toBeGreaterThan(0);
    expect(sizes['widget.js'].gzip).toBeLessThanOrEqual(35 * 1024);
  });

  it('shows the Arabic story right to left on another origin, dates in Arabic-Indic digits', async () => {
    const page = await open(partnerPage(server.url, `<liveline-timeline story="${DEMO}"></liveline-timeline>`));
    expect(new URL(page.url()).origin).not.toBe(new URL(server.url).origin);
    const state = await widgetState(page);
    expect(state).toMatchObject({ dir: 'rtl', lang: 'ar', direction: 'rtl' });
    expect(state.title).toContain('أوستن');
    expect(state.ids.length).toBeGreaterThan(0);
    expect(state.times.length).toBeGreaterThan(0);
    // Fresh entries read "now" (الآن), with no digits at all; every time that has digits has Arabic-Indic ones.
    expect(state.times.some((t) => /[٠-٩]/.test(t))).toBe(true);
    for (const t of state.times) expect(t).not.toMatch(/[0-9]/);
    await page.close();
  });

  it('shows an entry posted through the API without a reload, corrects it in place and drops it when deleted', async () => {
    const page = await open(
      partnerPage(server.url, `<liveline-timeline story="${DEMO}" limit="5"></liveline-timeline>`),
    );
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    const entry = await makeEntry(editor, DEMO, { headline: 'عاجل من كييف', body: '<p>خبر جديد للاختبار</p>' });
    const article = page.locator(`liveline-timeline #entry-${entry.id}`);
    await article.waitFor({ timeout: 2000 });
    expect((await widgetState(page)).ids[0]).toBe(entry.id);
    await expect(article.locator('.ll-headline').textContent()).resolves.toBe('عاجل من كييف');

    await new Promise((r) => setTimeout(r, 1100));
    const patched = await editor.patch(`/api/stories/${DEMO}/entries/${entry.id}`, { body: '<p>خبر مصحَّح</p>' });
    expect(patched.status).toBe(200);
    await article.locator('.ll-updated').waitFor({ timeout: 2000 });
    await expect(article.locator('.ll-body').textContent()).resolves.toBe('خبر مصحَّح');
    expect((await widgetState(page)).ids[0]).toBe(entry.id);

    expect((await editor.del(`/api/stories/${DEMO}/entries/${entry.id}`)).status).toBe(204);
    await article.waitFor({ state: 'detached', timeout: 2000 });
    // Same document all along: the marker set before the first post survived.
    await expect(page.evaluate(() => (window as unknown as { marker: number }).marker)).resolves.toBe(42);
    await page.close();
  });

  it('shares one socket between widgets, even for different stories', async () => {
    const other = await makeStory(editor, { title: 'قصة ثانية', language: 'ar' });
    await makeEntry(editor, other.slug, { headline: 'أول تحديث' });
    const sockets: string[] = [];
    const polls: string[] = [];
    const page = await open(
      partnerPage(
        server.url,
        `<liveline-timeline story="${DEMO}" limit="3"></liveline-timeline>` +
          `<liveline-timeline story="${DEMO}" limit="2" theme="dark"></liveline-timeline>` +
          `<liveline-timeline story="${other.slug}"></liveline-timeline>`,
      ),
      (p) => {
        p.on('websocket', (ws) => sockets.push(ws.url()));
        p.on('request', (req) => req.url().includes('/socket.io/') && polls.push(req.url()));
      },
    );
    for (const i of [0, 1, 2]) await page.locator('liveline-timeline').nth(i).locator('.ll-entry').first().waitFor();

    const entry = await makeEntry(editor, other.slug, { headline: 'تحديث ثانٍ' });
    await page.locator('liveline-timeline').nth(2).locator(`#entry-${entry.id}`).waitFor({ timeout: 2000 });
    expect(sockets).toHaveLength(1);
    expect(sockets[0]).toContain('/socket.io/');
    expect(polls).toEqual([]);
    await page.close();
  });

  it('leaks no globals, and neither page nor widget styles cross the shadow boundary', async () => {
    const hostCss =
      '<style>.ll-entry,.ll-headline{color:rgb(255,0,0)!important;font-family:monospace!important}</style>';
    const control = `<p class="ll-title" id="host-title">host</p>`;
    const bare = await browser.newPage();
    const plain = await servePartner(
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${control}</body></html>`,
    );
    partners.push(plain);
    await bare.goto(plain.url);
    const baseline = await bare.evaluate(() => Object.getOwnPropertyNames(window));
    const hostTitleSize = await bare.locator('#host-title').evaluate((el) => getComputedStyle(el).fontSize);
    await bare.close();

    const page = await open(
      partnerPage(server.url, `${control}<liveline-timeline story="${DEMO}"></liveline-timeline>`, hostCss),
    );
    const names = await page.evaluate(() => Object.getOwnPropertyNames(window));
    expect(names.filter((n) => !baseline.includes(n))).toEqual([]);
    const headline = page.locator('liveline-timeline .ll-headline').first();
    expect(await headline.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
    expect(await page.locator('#host-title').evaluate((el) => getComputedStyle(el).fontSize)).toBe(hostTitleSize);
    await page.close();
  });

  it('follows its theme and lang attributes', async () => {
    const page = await open(
      partnerPage(server.url, `<liveline-timeline story="${DEMO}" theme="dark" lang="en"></liveline-timeline>`),
    );
    const look = await page.locator('liveline-timeline').evaluate((el) => {
      const root = el.shadowRoot!.querySelector<HTMLElement>('.ll-root')!;
      return {
        bg: getComputedStyle(root).backgroundColor,
        dir: root.dir,
        older: root.querySelector('.ll-older')?.textContent,
      };
    });
    expect(look.bg).toBe('rgb(21, 23, 26)');
    // The story stays right to left; only the widget's own words switch language.
    expect(look.dir).toBe('rtl');
    expect(look.older).toBe('Load older updates');
    await page.locator('liveline-timeline').evaluate((el) => el.setAttribute('theme', 'light'));
    await expect(
      page
        .locator('liveline-timeline')
        .evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.ll-root')!).backgroundColor),
    ).resolves.toBe('rgb(255, 255, 255)');
    await page.close();
  });
});
