import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';
import { validSignature, WebhookReceiver } from '../support/webhook-receiver';

// The newsroom's Webhooks screen in real Chromium: add, watch deliveries, test, pause, resume, rotate.
let server: RunningServer;
let browser: Browser;
let token: string;
let context: BrowserContext;
const rx = new WebhookReceiver();

beforeAll(async () => {
  await rx.start();
  server = await startServer({
    env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_MAX_MS: '1000', WEBHOOK_POLL_MS: '200' },
  });
  browser = await launchBrowser();
  token = await login(server.url);
}, 90_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await rx.stop();
});

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

async function openNewsroom(): Promise<Page> {
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/newsroom`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

describe('newsroom webhooks screen', () => {
  it('adds a webhook, shows its secret once, its deliveries and failures, and tests, pauses, resumes and rotates it', async () => {
    const story = await call<{ id: string; slug: string }>('POST', '/api/stories', {
      title: 'Harbour storm',
      slug: `harbour-${Date.now()}`,
      language: 'en',
      status: 'live',
    });
    const page = await openNewsroom();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();

    await page.getByLabel('Endpoint URL').fill(rx.url);
    await page.getByLabel(/^Stories/).fill(story.slug);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    const secret = (await dialog.locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    const row = page.locator('tr', { hasText: rx.url });
    await row.getByText('active').waitFor();

    // A delivery, then a failing one: the screen shows the status and the receiver's error.
    await call('POST', `/api/stories/${story.id}/entries`, { body: '<p>First</p>' });
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const deliveries = page.locator('table.deliveries');
    await deliveries.locator('tr.delivery.delivered[data-seq="1"]').waitFor();
    expect(validSignature(rx.requests[0], secret)).toBe(true);
    rx.answer = () => 500;
    await call('POST', `/api/stories/${story.id}/entries`, { body: '<p>Second</p>' });
    await deliveries
      .locator('tr.delivery.failing')
      .getByText('HTTP 500: receiver says no')
      .waitFor({ timeout: 15_000 });
    await row.getByText(/1 retrying: HTTP 500/).waitFor({ timeout: 15_000 });
    rx.answer = () => 200;
    await deliveries.locator('tr.delivery.delivered[data-seq="2"]').waitFor({ timeout: 15_000 });

    await row.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('status').getByText('Test event answered 200.').waitFor();
    expect(rx.requests.some((r) => r.id.startsWith('test:'))).toBe(true);

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByText('paused', { exact: true }).waitFor();
    await row.getByText(/Paused by/).waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByText('active', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('dialog', { name: 'Signing secret' });
    await rotated.getByText(/The old one keeps signing/).waitFor();
    const next = (await rotated.locator('code').textContent())!;
    expect(next).not.toBe(secret);
    await rotated.getByRole('button', { name: 'Close' }).click();
    const seen = rx.requests.length;
    await call('POST', `/api/stories/${story.id}/entries`, { body: '<p>Third</p>' });
    await deliveries.locator('tr.delivery.delivered[data-seq="3"]').waitFor({ timeout: 15_000 });
    const third = rx.requests.slice(seen).find((r) => r.event.seq === 3)!;
    expect(validSignature(third, next) && validSignature(third, secret)).toBe(true);
  }, 120_000);
});
