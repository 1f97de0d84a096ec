import type { Entry, Role, Story } from '@liveline/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';

// The newsroom app in real Chromium against the built server: one server for the file,
// a fresh browser context (own sessionStorage) per person.
let server: RunningServer;
let browser: Browser;
let adminToken: string;
const contexts: BrowserContext[] = [];
// The server sends a strict CSP for /newsroom; anything the app does that it blocks is a bug.
let cspViolations: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  adminToken = await login(server.url);
}, 90_000);

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  const seen = cspViolations;
  cspViolations = [];
  expect(seen).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function call<T>(method: string, path: string, body?: unknown, token: string | null = adminToken): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

let users = 0;
async function makeUser(role: Role, name: string): Promise<{ email: string; password: string }> {
  const creds = { email: `${role}${++users}@liveline.test`, password: `${role}-password-${users}` };
  await call('POST', '/api/users', { ...creds, name, role });
  return creds;
}

let stories = 0;
function makeStory(over: Partial<Story> = {}): Promise<Story> {
  const n = ++stories;
  return call<Story>('POST', '/api/stories', {
    title: `Harbour storm ${n}`,
    slug: `harbour-storm-${n}-${Date.now()}`,
    language: 'en',
    status: 'live',
    ...over,
  });
}

async function openNewsroom(creds: { email: string; password: string }, path = ''): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && m.text().includes('Content Security Policy')) cspViolations.push(m.text());
  });
  await page.goto(`${server.url}/newsroom${path}`);
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** The composer's body: a contenteditable region labelled "Text". */
const bodyOf = (page: Page) => page.getByRole('textbox', { name: 'Text', exact: true });

describe('newsroom web app', () => {
  it('signs in, creates a story, publishes an entry, and the open reader page shows it live', async () => {
    const page = await openNewsroom(ADMIN);
    await page.getByRole('link', { name: 'New story' }).click();
    const slug = `kyiv-visit-${Date.now()}`;
    await page.getByLabel('Title').fill('أوستن في كييف');
    await page.getByLabel('Slug (web address)').fill(slug);
    await page.getByLabel('Summary').fill('تغطية مباشرة لزيارة وزير الدفاع الأمريكي.');
    await page.getByLabel('Language of the story').fill('ar');
    await page.getByLabel('Live').check();
    await page.getByRole('button', { name: 'Create story' }).click();
    await page.getByRole('heading', { name: 'New entry' }).waitFor();
    await expectText(page.locator('h1.story-title'), 'أوستن في كييف');

    // The reader page is open before the entry exists, in a second tab.
    const reader = await page.context().newPage();
    await reader.goto(`${server.url}/stories/${slug}`);
    await reader.waitForLoadState('networkidle');

    await page.getByLabel('Headline').fill('أوستن يصل إلى كييف');
    await bodyOf(page).click();
    await page.keyboard.type('وصل وزير الدفاع الأمريكي إلى كييف ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('في زيارته الرابعة');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('.');
    await page.getByLabel('Key event').check();

    // The preview is the reader's markup, right to left for Arabic.
    const preview = page.locator('.preview .ll-root');
    await expectText(preview.locator('.ll-headline'), 'أوستن يصل إلى كييف');
    expect(await preview.getAttribute('dir')).toBe('rtl');
    expect(await preview.getAttribute('lang')).toBe('ar');
    expect(await preview.locator('.ll-body strong').textContent()).toBe('في زيارته الرابعة');

    await page.keyboard.press('Control+Enter');
    await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
    const item = page.locator('li.entry-item').filter({ hasText: 'أوستن يصل إلى كييف' });
    await item.waitFor();
    const id = await item.getAttribute('data-entry-id');

    // Live on the reader page, without a reload, at its permalink anchor.
    const onReader = reader.locator(`#entry-${id}`);
    await onReader.waitFor({ timeout: 15_000 });
    await expectText(onReader, 'أوستن يصل إلى كييف');
    expect(await onReader.locator('strong').textContent()).toBe('في زيارته الرابعة');

    // The interface itself switches to Arabic, right to left.
    await page.getByRole('button', { name: 'واجهة عربية (Arabic interface)' }).click();
    await page.getByRole('button', { name: 'انشر الآن' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
  }, 120_000);

  it("publishes a contributor's submission when an editor approves it in the queue", async () => {
    const story = await makeStory();
    const contributor = await makeUser('contributor', 'Casey Contributor');
    const editor = await openNewsroom(ADMIN, `/stories/${story.slug}`);
    await editor.getByRole('tab', { name: /Submissions/ }).waitFor();
    await editor.getByRole('tab', { name: 'Submissions (0)' }).waitFor();

    const writer = await openNewsroom(contributor, `/stories/${story.slug}`);
    await writer.getByLabel('Headline').fill('Ferry service suspended');
    await bodyOf(writer).click();
    await writer.keyboard.type('The harbour office has stopped all ferries until the wind drops.');
    await writer.getByRole('button', { name: 'Submit for review' }).click();
    await writer.getByRole('status').filter({ hasText: 'Submitted for review.' }).waitFor();

    // Not public yet.
    const before = await call<{ items: Entry[] }>('GET', `/api/stories/${story.slug}/entries`, undefined, null);
    expect(before.items).toHaveLength(0);

    // The editor's queue fills without a reload.
    const tab = editor.getByRole('tab', { name: 'Submissions (1)' });
    await tab.waitFor({ timeout: 15_000 });
    await tab.click();
    const queued = editor.getByRole('tabpanel').locator('li.entry-item').filter({ hasText: 'Ferry service suspended' });
    await expectText(queued, 'Casey Contributor');
    await queued.getByRole('button', { name: 'Approve and publish' }).click();
    await editor.locator('#toast').filter({ hasText: 'Approved and published.' }).waitFor();
    await editor.getByRole('tab', { name: 'Submissions (0)' }).waitFor();
    await editor.getByRole('tab', { name: 'Timeline (1)' }).waitFor();

    const after = await call<{ items: Entry[] }>('GET', `/api/stories/${story.slug}/entries`, undefined, null);
    expect(after.items.map((e) => [e.headline, e.status, e.author.name])).toEqual([
      ['Ferry service suspended', 'published', 'Casey Contributor'],
    ]);
  }, 120_000);

  it('shows the second of two editors a conflict on 412, and reload-and-reapply saves both edits', async () => {
    const story = await makeStory();
    const entry = await call<Entry>('POST', `/api/stories/${story.id}/entries`, {
      headline: 'Winds reach 120 km/h',
      body: '<p>The coast guard says stay indoors.</p>',
      status: 'published',
    });
    const second = await makeUser('editor', 'Noor Editor');
    const first = await openNewsroom(ADMIN, `/stories/${story.slug}`);
    const late = await openNewsroom(second, `/stories/${story.slug}`);
    for (const page of [first, late]) {
      await page.locator(`#nr-entry-${entry.id}`).getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByRole('heading', { name: /Editing an entry \(version 1/ }).waitFor();
    }

    await first.getByLabel('Headline').fill('Winds reach 130 km/h');
    await first.getByRole('button', { name: 'Update', exact: true }).click();
    await first.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // The late editor is told while still typing, and then stopped from overwriting.
    await late
      .locator('.composer-notice')
      .filter({ hasText: 'Someone else changed this entry (now version 2)' })
      .waitFor({ timeout: 15_000 });
    await bodyOf(late).click();
    await late.keyboard.press('Control+End');
    await late.keyboard.type(' Schools are closed.');
    await late.keyboard.press('Control+Enter');
    const conflict = late.getByRole('alert').filter({ hasText: 'Edit conflict' });
    await conflict.waitFor();
    await expectText(conflict, 'you started from version 1, it is now version 2');
    await expectText(conflict, 'Administrator changed this entry');

    await conflict.getByRole('button', { name: 'Reload and re-apply my changes' }).click();
    await late.getByRole('heading', { name: /Editing an entry \(version 2/ }).waitFor();
    expect(await late.getByLabel('Headline').inputValue()).toBe('Winds reach 130 km/h');
    await expectText(bodyOf(late), 'Schools are closed.');
    await late.getByRole('button', { name: 'Update', exact: true }).click();
    await late.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const saved = await call<Entry>('GET', `/api/stories/${story.id}/entries/${entry.id}`);
    expect(saved.version).toBe(3);
    expect(saved.headline).toBe('Winds reach 130 km/h');
    expect(saved.body).toContain('Schools are closed.');
  }, 120_000);

  it('retries a post whose answer was lost with the same Idempotency-Key, and posts it once', async () => {
    const story = await makeStory();
    const page = await openNewsroom(ADMIN, `/stories/${story.slug}`);
    const keys: string[] = [];
    // The first POST reaches the server and is committed, but its answer never arrives.
    await page.route('**/api/stories/*/entries', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (keys.length === 1) {
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.getByLabel('Headline').fill('Bridge reopens');
    await bodyOf(page).click();
    await page.keyboard.type('Traffic is moving again.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).toBe(keys[0]);
    const list = await call<{ items: Entry[] }>('GET', `/api/stories/${story.slug}/entries`, undefined, null);
    expect(list.items.map((e) => e.headline)).toEqual(['Bridge reopens']);

    // The next entry is a new post, with a new key.
    await page.getByLabel('Headline').fill('Second bulletin');
    await bodyOf(page).click();
    await page.keyboard.type('More soon.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('tab', { name: 'Timeline (2)' }).waitFor();
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);
  }, 120_000);

  it('pins, schedules, moves and cancels a schedule, deletes after asking, and signs out', async () => {
    const story = await makeStory();
    const first = await call<Entry>('POST', `/api/stories/${story.id}/entries`, {
      headline: 'Pier closed',
      body: '<p>The pier is closed.</p>',
      status: 'published',
    });
    const page = await openNewsroom(ADMIN, `/stories/${story.slug}`);
    const firstItem = page.locator(`#nr-entry-${first.id}`);

    // Pin from the timeline: a toggle button whose state screen readers hear.
    const pin = firstItem.getByRole('button', { name: 'Pin', exact: true });
    expect(await pin.getAttribute('aria-pressed')).toBe('false');
    await pin.click();
    await page.locator(`#nr-entry-${first.id} button[data-action="pin"][aria-pressed="true"]`).waitFor();
    expect((await call<Entry>('GET', `/api/stories/${story.id}/entries/${first.id}`)).pinned).toBe(true);

    // Schedule a new entry an hour ahead, typed and sent without the mouse.
    const inAnHour = new Date(Date.now() + 3600_000);
    await page.getByLabel('Headline').fill('Evening briefing');
    await bodyOf(page).focus();
    await page.keyboard.type('The mayor speaks at six.');
    await page.getByLabel('Publish at').fill(localInput(inAnHour));
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Scheduled for' }).waitFor();
    await page.getByRole('tab', { name: 'Scheduled (1)' }).click();
    const scheduled = page.getByRole('tabpanel').locator('li.entry-item').filter({ hasText: 'Evening briefing' });
    const id = (await scheduled.getAttribute('data-entry-id'))!;

    // Move it by a day, then cancel: it becomes a draft and never went public.
    const later = new Date(inAnHour.getTime() + 86_400_000);
    await scheduled.getByLabel('New time').fill(localInput(later));
    await scheduled.getByRole('button', { name: 'Move', exact: true }).click();
    await page.locator('#toast').filter({ hasText: 'Schedule moved.' }).waitFor();
    const moved = await call<Entry>('GET', `/api/stories/${story.id}/entries/${id}`);
    expect(Math.abs(Date.parse(moved.scheduledAt!) - later.getTime())).toBeLessThan(60_000);
    await page.locator(`#nr-entry-${id}`).getByRole('button', { name: 'Cancel schedule' }).click();
    await page.locator('#toast').filter({ hasText: 'Schedule cancelled' }).waitFor();
    await page.getByRole('tab', { name: 'Drafts (1)' }).waitFor();
    const cancelled = await call<Entry>('GET', `/api/stories/${story.id}/entries/${id}`);
    expect([cancelled.status, cancelled.scheduledAt]).toEqual(['draft', null]);

    // Delete asks first; the safe answer has the focus, so Escape and Enter-on-Cancel keep the entry.
    await page.getByRole('tab', { name: /Timeline/ }).click();
    await firstItem.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await firstItem.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('#toast').filter({ hasText: 'Entry deleted.' }).waitFor();
    await firstItem.waitFor({ state: 'detached' });
    const publicList = await call<{ items: Entry[] }>('GET', `/api/stories/${story.slug}/entries`, undefined, null);
    expect(publicList.items).toHaveLength(0);

    // Signing out revokes the token on the server, not just in this tab.
    // A string, so this file needs no DOM types.
    const token = await page.evaluate<string | null>("sessionStorage.getItem('liveline.newsroom.token')");
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const r = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(401);
  }, 120_000);
});

/** The value a datetime-local input takes: local time, to the minute. */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
}
