import type { Entry } from '@liveline/contracts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { bodyOf, NewsroomHarness } from '../support/newsroom';
import { ADMIN, startServer, type RunningServer } from '../support/server';

// The newsroom on a 360×640 phone: no sideways scrolling on any screen, touch targets of at
// least 44 px, and the publish button in view while typing with the on-screen keyboard open.
let server: RunningServer;
let browser: Browser;
let nr: NewsroomHarness;
const PHONE = { width: 360, height: 640, touch: true };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nr = await new NewsroomHarness(server, browser).init();
}, 120_000);

afterEach(async () => expect(await nr.closeAll()).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Elements wider than the viewport, and controls smaller than 44×44 px, on the visible page. */
async function phoneProblems(
  page: Page,
): Promise<{ scrollWidth: number; width: number; wide: string[]; small: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      // Off-screen until focused (the skip link) or clipped away counts as not shown.
      return (
        r.width > 1 &&
        r.height > 1 &&
        r.bottom > 0 &&
        getComputedStyle(el).visibility !== 'hidden' &&
        getComputedStyle(el).clipPath !== 'inset(50%)'
      );
    };
    const wide = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1 && !el.closest('dialog:not([open])'))
      .map(describe);
    const controls = Array.from(
      document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=tab], label.check'),
    );
    const small = controls
      .filter(
        (el) =>
          visible(el) &&
          !el.closest('.ll-body, .body-editor, .preview-body, .reader') &&
          !(el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')),
      )
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.height < 44 || r.width < 44;
      })
      .map(
        (el) =>
          `${describe(el)} ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`,
      );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      width,
      wide: wide.slice(0, 10),
      small: small.slice(0, 15),
    };
  });
}

async function expectPhoneFit(page: Page, screen: string): Promise<void> {
  const p = await phoneProblems(page);
  expect({ screen, wide: p.wide, small: p.small }).toEqual({ screen, wide: [], small: [] });
  expect(p.scrollWidth).toBeLessThanOrEqual(p.width);
}

describe('the newsroom at 360×640', () => {
  it('fits every screen without sideways scrolling, with 44 px touch targets', async () => {
    const story = await nr.makeStory({
      language: 'ar',
      title: 'قصة على الهاتف بعنوان طويل جدًا لا ينتهي بسرعة',
      timeZone: 'Europe/Kyiv',
    });
    const contributor = await nr.makeUser('contributor', 'Field Reporter');
    const contributorToken = (
      await nr.call<{ token: string }>(
        'POST',
        '/api/auth/login',
        { email: contributor.email, password: contributor.password },
        null,
      )
    ).token;
    await nr.call<Entry>(
      'POST',
      `/api/stories/${story.id}/entries`,
      { body: '<p>اقتراح من الميدان</p>' },
      contributorToken,
    );
    await nr.call<Entry>('POST', `/api/stories/${story.id}/entries`, {
      body: '<p>لاحقًا</p>',
      status: 'scheduled',
      scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await nr.call<Entry>('POST', `/api/stories/${story.id}/entries`, {
      headline: 'عاجل',
      body: '<p>منشور <a href="https://example.com/a-very-long-address-that-does-not-wrap-easily/at/all">رابط</a></p>',
      keyEvent: true,
    });

    const page = await nr.open(ADMIN, '', PHONE);
    await page.getByRole('link', { name: story.title }).waitFor();
    await expectPhoneFit(page, 'stories');
    for (const [path, ready] of [
      [`/stories/${story.slug}`, () => bodyOf(page).waitFor()],
      [`/stories/${story.slug}/settings`, () => page.getByLabel('Time zone of the story').waitFor()],
      ['/stories/new', () => page.getByLabel('Time zone of the story').waitFor()],
      ['/users', () => page.getByRole('button', { name: 'Add user' }).waitFor()],
      ['/audit', () => page.locator('table.audit tbody tr').first().waitFor()],
      ['/account', () => page.getByRole('button', { name: 'Change password' }).waitFor()],
    ] as const) {
      await page.goto(`${server.url}/newsroom${path}`);
      await ready();
      await expectPhoneFit(page, path);
    }
    // The desk's other tabs: submissions and scheduled.
    await page.goto(`${server.url}/newsroom/stories/${story.slug}`);
    for (const tab of [/^Submissions/, /^Scheduled/, /^Timeline/]) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('[role=tabpanel]:not([hidden]) .entry-item').first().waitFor();
      await expectPhoneFit(page, `desk tab ${tab}`);
    }
  }, 240_000);

  it('keeps the publish button in view while typing with the keyboard open', async () => {
    const story = await nr.makeStory({ title: 'Field' });
    const page = await nr.open(ADMIN, `/stories/${story.slug}`, PHONE);
    await bodyOf(page).click();
    await page.keyboard.type('From the field: the bridge is open again.');
    // An on-screen keyboard leaves about 300 px of a 640 px phone (the layout viewport shrinks
    // with interactive-widget=resizes-content; the visual viewport does on every browser).
    await page.setViewportSize({ width: 360, height: 300 });
    const publish = page.getByRole('button', { name: 'Publish now', exact: true });
    await page.waitForFunction(() => {
      const b = Array.from(document.querySelectorAll('button')).find((x) => x.textContent === 'Publish now');
      const r = b?.getBoundingClientRect();
      const vv = window.visualViewport;
      return !!r && !!vv && r.top >= 0 && r.bottom <= vv.height + 1;
    });
    const box = (await publish.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await publish.tap();
    await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
    expect(
      (await nr.call<{ items: Entry[] }>('GET', `/api/stories/${story.id}/entries`, undefined, null)).items,
    ).toHaveLength(1);
  }, 120_000);
});
