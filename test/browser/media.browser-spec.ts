import type { Entry, Story } from '@liveline/contracts';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser } from '../support/browser';
import { upload } from '../support/media-corpus';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let token: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  token = await login(server.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
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

const story = (n: string) =>
  call<Story>('POST', '/api/stories', {
    title: `Photo desk ${n}`,
    slug: `photo-desk-${n}-${Date.now()}`,
    language: 'en',
    status: 'live',
  });

// Noise does not compress: a photo-sized upload that takes a while on a throttled link.
const noisyJpeg = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .jpeg({ quality: 95 })
    .toBuffer();

describe("photos in the newsroom and on readers' phones", () => {
  it('uploads a photo from the file picker with a progress bar, asks for its description, and publishes it', async () => {
    const s = await story('upload');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/newsroom/stories/${s.slug}`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // A slow uplink, as from the field, so that progress is seen between 0 and 1.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 50,
      downloadThroughput: 4_000_000,
      uploadThroughput: 400_000,
    });
    const photo = await noisyJpeg(1400, 1000);
    expect(photo.length).toBeGreaterThan(600_000);
    await page.getByLabel('Headline').fill('Flooded harbour');
    await page
      .locator('input[type=file][multiple]')
      .setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForFunction(
      () => {
        const bar = document.querySelector<HTMLProgressElement>('.upload progress');
        return !!bar && bar.value > 0.05 && bar.value < 0.95;
      },
      undefined,
      { timeout: 30_000 },
    );
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Description for people who cannot see it').waitFor({ timeout: 60_000 });
    await dialog.getByLabel('Description for people who cannot see it').fill('Water over the harbour wall');
    await dialog.getByLabel('Credit').fill('Field reporter');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await page.getByRole('textbox', { name: 'Text', exact: true }).locator('figure img[src^="/media/"]').waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('status').filter({ hasText: 'Published' }).waitFor({ timeout: 20_000 });
    const entries = await call<{ items: Entry[] }>('GET', `/api/stories/${s.slug}/entries`);
    expect(entries.items[0].body).toMatch(
      /<figure><img src="\/media\/[0-9a-f]{64}-1400x1000\.jpg" alt="Water over the harbour wall" [^>]*\/?><figcaption><cite>Field reporter<\/cite><\/figcaption><\/figure>/,
    );
    await context.close();
  }, 120_000);

  it('a 390-px-wide phone downloads a small rendition, not the largest', async () => {
    const s = await story('phone');
    const m = (await upload(server.url, token, await noisyJpeg(2400, 1600), { fields: { alt: 'Harbour at night' } }))
      .body;
    const path = new URL(m.url).pathname;
    expect(path).toMatch(/-1600x1067\.jpg$/);
    await call('POST', `/api/stories/${s.slug}/entries`, {
      body: `<figure><img src="${path}" alt="Harbour at night"></figure>`,
      status: 'published',
    });
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/media/')) fetched.push(new URL(r.url()).pathname);
    });
    await page.goto(`${server.url}/stories/${s.slug}`);
    await page.locator('picture.ll-media img').waitFor();
    await page.waitForFunction(
      () => document.querySelector<HTMLImageElement>('picture.ll-media img')?.complete === true,
    );
    // 390 CSS px at 2x is about 720 device pixels: the 1024 WebP, never the 1600 ones.
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/-(640x427|1024x683)\.webp$/);
    const img = await page.locator('picture.ll-media img').evaluate((el: HTMLImageElement) => ({
      w: el.getAttribute('width'),
      h: el.getAttribute('height'),
      decoding: el.decoding,
      shown: el.getBoundingClientRect().width,
    }));
    expect(img).toMatchObject({ w: '1600', h: '1067', decoding: 'async' });
    expect(img.shown).toBeLessThanOrEqual(390);
    await context.close();
  }, 120_000);
});
