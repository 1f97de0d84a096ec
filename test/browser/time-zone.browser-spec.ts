import type { Entry, Story } from '@liveline/contracts';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { NewsroomHarness } from '../support/newsroom';
import { ADMIN, startServer, type RunningServer } from '../support/server';

// A Kyiv story read from Riyadh, across Kyiv's change from summer time on 2026-10-25 at 01:00 UTC
// (04:00 EEST becomes 03:00 EET): Kyiv time, labelled, until the reader asks for their own clock.
let server: RunningServer;
let browser: Browser;
let nr: NewsroomHarness;
let story: Story;
let before: Entry;
let after: Entry;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  nr = await new NewsroomHarness(server, browser).init();
  story = await nr.makeStory({ language: 'ar', title: 'كييف ليلة تغيير الساعة', timeZone: 'Europe/Kyiv' });
  before = await nr.call<Entry>('POST', `/api/stories/${story.id}/entries`, {
    body: '<p>قبل تغيير الساعة</p>',
    occurredAt: '2026-10-25T00:30:00Z',
  });
  after = await nr.call<Entry>('POST', `/api/stories/${story.id}/entries`, {
    body: '<p>بعد تغيير الساعة</p>',
    occurredAt: '2026-10-25T01:30:00Z',
  });
}, 120_000);

afterEach(async () => expect(await nr.closeAll()).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('times in the story time zone', () => {
  for (const surface of ['stories', 'embed']) {
    it(`shows Kyiv time with its offset on /${surface} in Riyadh, and the reader's clock on request`, async () => {
      const context = await browser.newContext({ timezoneId: 'Asia/Riyadh', locale: 'ar-SA' });
      nr.contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.url}/${surface}/${story.slug}`);
      const time = (e: Entry) => page.locator(`article[data-id="${e.id}"] time.ll-occurred`);
      const clock = page.locator('.ll-clock');
      await clock.getByRole('button', { name: 'اعرض الأوقات بتوقيتي' }).waitFor();
      await expectText(clock.locator('.ll-clock-label'), 'الأوقات حسب توقيت أوكرانيا');
      await expectText(time(before), '٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش+٣');
      await expectText(time(after), '٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش+٢');
      expect(await time(after).getAttribute('datetime')).toBe('2026-10-25T01:30:00.000Z');

      await clock.getByRole('button', { name: 'اعرض الأوقات بتوقيتي' }).click();
      await expectText(clock.locator('.ll-clock-label'), 'الأوقات حسب توقيتك (توقيت المملكة العربية السعودية)');
      await expectText(time(before), '٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش+٣');
      await expectText(time(after), '٢٥ أكتوبر ٢٠٢٦ في ٤:٣٠ ص غرينتش+٣');
      expect(await time(after).getAttribute('datetime')).toBe('2026-10-25T01:30:00.000Z');

      // The choice stays on the next visit, and switches back.
      await page.reload();
      await expectText(time(after), '٤:٣٠ ص غرينتش+٣');
      await clock.getByRole('button', { name: 'اعرض الأوقات بتوقيت القصة' }).click();
      await expectText(time(after), '٣:٣٠ ص غرينتش+٢');
    }, 120_000);
  }

  it('edits occurredAt in the newsroom in Kyiv time, whatever the browser zone', async () => {
    const page = await nr.open(ADMIN, `/stories/${story.slug}`, { timezoneId: 'America/New_York' });
    await page.locator(`#nr-entry-${after.id}`).getByRole('button', { name: 'Edit', exact: true }).click();
    const occurred = page.locator('input[name=occurredAt]');
    await page.waitForFunction(
      () => (document.querySelector('input[name=occurredAt]') as HTMLInputElement | null)?.value === '2026-10-25T03:30',
    );
    // 05:00 on that day in Kyiv is after the change: UTC+2.
    await occurred.fill('2026-10-25T05:00');
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = await nr.call<Entry>('GET', `/api/stories/${story.id}/entries/${after.id}`);
    expect(saved.occurredAt).toBe('2026-10-25T03:00:00.000Z');
  }, 120_000);
});

async function expectText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent()) ?? '';
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${JSON.stringify(text)} in ${JSON.stringify(last)}`);
}
