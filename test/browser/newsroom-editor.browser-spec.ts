import type { Entry } from '@liveline/contracts';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { bodyOf, NewsroomHarness } from '../support/newsroom';
import { ADMIN, startServer, type RunningServer } from '../support/server';

// The editor and the server share one allow-list: editing an API-authored rich entry in the
// newsroom changes only what the editor changed.
let server: RunningServer;
let browser: Browser;
let nr: NewsroomHarness;

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

const RICH =
  '<h2>القوات الكورية في كورسك</h2>\n' +
  '<p>قال الوزير أوستن في كييف إن الدعم مستمر.</p>\n' +
  '<h3 dir="rtl">ما قاله</h3>\n' +
  '<blockquote cite="https://example.com/austin" dir="ltr" lang="en"><p>We will stand with Ukraine for as long as it takes.</p><p><cite>Lloyd Austin</cite></p></blockquote>\n' +
  '<p>وأضاف أن <q lang="en" dir="ltr">there is no retreat</q> من الالتزام، وأن H<sub>2</sub>O و10<sup>3</sup> مجرد أمثلة.</p>\n' +
  '<hr />\n' +
  '<ul dir="rtl"><li>نقطة أولى</li><li lang="en" dir="ltr">second point</li></ul>\n' +
  '<p>نهاية <a href="https://example.com/more" rel="noopener noreferrer">التحديث</a></p>';

async function editEntry(page: Page, entry: Entry): Promise<void> {
  await page.locator(`#nr-entry-${entry.id}`).getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('heading', { name: new RegExp(`Editing an entry \\(version ${entry.version}`) }).waitFor();
}

/** Puts the caret at the end of the editor's text that contains `text`. */
async function caretAfter(page: Page, text: string): Promise<void> {
  await bodyOf(page).click();
  await page.evaluate((needle) => {
    const area = document.querySelector('.body-editor')!;
    const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at + needle.length);
      range.collapse(true);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return;
    }
    throw new Error(`no text ${needle}`);
  }, text);
}

describe('newsroom editor and the shared allow-list', () => {
  it('keeps every element of an API-authored rich entry through an unchanged save and a one-word edit', async () => {
    const story = await nr.makeStory({ language: 'ar', title: 'أوستن في كييف' });
    const entry = await nr.call<Entry>('POST', `/api/stories/${story.id}/entries`, {
      headline: 'أوستن',
      body: RICH,
      status: 'published',
    });
    // The server keeps all of it as written (that is the allow-list).
    expect(entry.body).toBe(RICH);

    const page = await nr.open(ADMIN, `/stories/${story.slug}`);
    await editEntry(page, entry);
    // Unchanged: nothing is sent.
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Nothing to save.' }).waitFor();
    expect((await nr.call<Entry>('GET', `/api/stories/${story.id}/entries/${entry.id}`)).version).toBe(1);

    // One word added inside the Arabic paragraph around the English quote.
    await caretAfter(page, 'مجرد أمثلة');
    await page.keyboard.type(' فقط');
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const saved = await nr.call<Entry>('GET', `/api/stories/${story.id}/entries/${entry.id}`);
    expect(saved.version).toBe(2);
    expect(saved.body).toBe(RICH.replace('مجرد أمثلة.', 'مجرد أمثلة فقط.'));
  }, 180_000);

  it('authors subheadings, a rule, sub/superscript and a quote in another language and direction', async () => {
    const story = await nr.makeStory({ language: 'ar', title: 'قصة' });
    const page = await nr.open(ADMIN, `/stories/${story.slug}`);
    await bodyOf(page).click();
    await page.keyboard.type('عنوان فرعي');
    await page.getByRole('button', { name: 'Subheading' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('نص عادي H');
    await page.getByRole('button', { name: 'Subscript' }).click();
    await page.keyboard.type('2');
    await page.getByRole('button', { name: 'Subscript' }).click();
    await page.keyboard.type('O');
    await page.getByRole('button', { name: 'Dividing line' }).click();
    await page.getByRole('button', { name: 'Quote with source' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Quote', { exact: true }).fill('We will stay.');
    await dialog.getByLabel(/^Source/).fill('Lloyd Austin');
    await dialog.getByLabel(/^Language of the quote/).fill('en');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await page.getByRole('button', { name: 'Publish now', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Published.' }).waitFor();

    const list = await nr.call<{ items: Entry[] }>('GET', `/api/stories/${story.id}/entries`, undefined, null);
    const body = list.items[0].body;
    expect(body).toContain('<h2>عنوان فرعي</h2>');
    expect(body).toContain('<p>نص عادي H<sub>2</sub>O</p>');
    expect(body).toContain('<hr />');
    expect(body).toContain(
      '<blockquote lang="en" dir="ltr"><p>We will stay.</p><p><cite>Lloyd Austin</cite></p></blockquote>',
    );
  }, 180_000);
});
