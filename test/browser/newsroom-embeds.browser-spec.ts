import type { Entry, Story } from '@liveline/contracts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';

// The newsroom half of the done-when scenario: an editor pastes an X post, a YouTube video and
// a Telegram post (one by the Embed button) into one entry; each becomes a block showing the
// readers' card; the saved body holds the canonical figures; no platform is contacted.

let server: RunningServer;
let browser: Browser;
let token: string;

beforeAll(async () => {
  server = await startServer({ env: { EMBED_OEMBED_TIMEOUT_MS: '1000' } });
  browser = await launchBrowser();
  token = await login(server.url);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A paste of plain text into the focused editor, as the clipboard would deliver it. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

it("turns pasted post and video URLs into embed blocks with the readers' card, and saves canonical figures", async () => {
  const story = await call<Story>('POST', '/api/stories', {
    title: 'Overnight',
    slug: `overnight-${Date.now()}`,
    language: 'en',
    status: 'live',
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  const outside: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => {
    if (!['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname)) outside.push(r.url());
  });
  await context.route(
    (u) => !['127.0.0.1', 'localhost'].includes(u.hostname),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.on(
    'console',
    (m) => m.type() === 'error' && m.text().includes('Content Security Policy') && problems.push(m.text()),
  );
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/newsroom/stories/${story.slug}`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  await page.getByLabel('Headline').fill('Three statements');
  const body = page.getByRole('textbox', { name: 'Text', exact: true });
  await body.click();
  await page.keyboard.type('Statements overnight:');
  await paste(page, 'https://twitter.com/SecDef/status/1790000000000000001?s=20\n');
  await paste(page, 'https://youtu.be/dQw4w9WgXcQ?si=share');
  await page.getByRole('button', { name: /^Embed a post or video/ }).click();
  await page.getByLabel('Address of the post or video (https://…)').fill('https://example.com/not-a-post');
  await page.getByRole('button', { name: 'Insert' }).click();
  await page.getByText('Enter the https:// address of a post or video').waitFor();
  await page.getByLabel('Address of the post or video (https://…)').fill('https://t.me/s/kyivcity/12345');
  await page.getByRole('button', { name: 'Insert' }).click();

  const blocks = body.locator('figure[data-embed]');
  await blocks.nth(2).waitFor();
  expect(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-embed')))).toEqual([
    'https://x.com/SecDef/status/1790000000000000001',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://t.me/kyivcity/12345',
  ]);
  // The editor's blocks and the preview show the card readers get.
  const headings = (root: ReturnType<Page['locator']>) => root.locator('.ll-shared-provider').allTextContents();
  expect(await headings(body)).toEqual(['X post', 'YouTube video', 'Telegram post']);
  await page.locator('.preview .ll-root figure[data-embed]').nth(2).waitFor();
  expect(await headings(page.locator('.preview .ll-root'))).toEqual(['X post', 'YouTube video', 'Telegram post']);

  await page.keyboard.press('Control+Enter');
  await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
  const list = await call<{ items: Entry[] }>('GET', `/api/stories/${story.slug}/entries`);
  expect(list.items[0].body).toContain(
    '<figure data-embed="https://x.com/SecDef/status/1790000000000000001"><a href="https://x.com/SecDef/status/1790000000000000001" rel="noopener noreferrer">',
  );
  expect(list.items[0].body.match(/<figure data-embed=/g)).toHaveLength(3);
  expect(outside).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
}, 180_000);
