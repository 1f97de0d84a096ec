/// <reference lib="dom" />
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { fuzzParams, fuzzTarget, type FuzzTarget } from './support/fuzz-server';
import { unsafeMarkup } from './support/markup-check';
import { XSS_CORPUS } from './support/xss-corpus';

// "javascript:" as an attacker writes it: entities with and without semicolons, mixed case,
// tabs and newlines between letters, leading controls.
const scriptScheme = fc
  .array(fc.constantFrom('raw', 'upper', 'dec', 'hex', 'hex-nosemi', 'tab'), { minLength: 11, maxLength: 11 })
  .chain((how) => fc.constantFrom('', ' ', '\u0001', '&#x20;', '\t').map((lead) => ({ how, lead })))
  .map(
    ({ how, lead }) =>
      lead +
      [...'javascript:']
        .map((ch, i) => {
          const code = ch.charCodeAt(0);
          switch (how[i]) {
            case 'upper':
              return ch.toUpperCase();
            case 'dec':
              return `&#${code};`;
            case 'hex':
              return `&#x${code.toString(16)};`;
            case 'hex-nosemi':
              return `&#x${code.toString(16).padStart(4, '0')}`;
            case 'tab':
              return `${ch}&#x09;`;
            default:
              return ch;
          }
        })
        .join(''),
  );

const tag = fc.constantFrom(
  'p',
  'a',
  'img',
  'svg',
  'math',
  'mtext',
  'mglyph',
  'style',
  'noscript',
  'table',
  'td',
  'select',
  'template',
  'iframe',
  'script',
  'title',
  'textarea',
  'form',
  'blockquote',
  'q',
  'xmp',
  'object',
  'strong',
  'li',
);
const attribute = fc.oneof(
  fc.constantFrom(
    'onerror=alert(1)',
    'onload="alert(1)"',
    'style="x:expression(alert(1))"',
    'title="</style><img src=x onerror=alert(1)>"',
    'id="</noscript><img src=x onerror=alert(1)>"',
    'src=x',
  ),
  fc
    .tuple(fc.constantFrom('href', 'src', 'cite', 'action', 'formaction', 'xlink:href'), scriptScheme)
    .map(([name, v]) => `${name}="${v}alert(1)"`),
);
const element = fc
  .tuple(tag, fc.array(attribute, { maxLength: 2 }), fc.boolean())
  .map(([t, attrs, close]) => `<${t}${attrs.map((a) => ` ${a}`).join('')}>${close ? `</${t}>` : ''}`);
const fragment = fc.oneof(
  { weight: 5, arbitrary: element },
  { weight: 2, arbitrary: fc.constantFrom(...XSS_CORPUS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '"',
      "'",
      '>',
      '</',
      'text',
      '&lt;',
      '&#60;',
      '<img src=x onerror=alert(1)>',
    ),
  },
);
const hostileHtml = fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

describe('stored markup against an XSS corpus', () => {
  let t: FuzzTarget;
  let browser: Browser;
  let page: Page;
  const executed: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([fuzzTarget(), launchBrowser()]);
    page = await browser.newPage();
    // Stored markup parsed in the checking page must not run either.
    page.on('dialog', async (d) => {
      executed.push(d.message());
      await d.dismiss();
    });
  });
  afterEach(() => expect(executed).toEqual([]));
  afterAll(async () => {
    await browser?.close();
    await t?.server.stop();
  });

  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${t.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }));

  async function storedBodyOf(html: string): Promise<string> {
    const r = await post(`/api/stories/${t.story.id}/entries`, {
      body: `<p>lead</p>${html}`,
      headline: html.slice(0, 300),
    });
    if (r.status !== 201) throw new Error(`${r.status} for ${JSON.stringify(html)}: ${JSON.stringify(r.json)}`);
    // Plain text by contract: a browser sees no element in a headline, whatever it says.
    expect(await unsafeMarkup(page, r.json.headline.replace(/&/g, '&amp;').replace(/</g, '&lt;'))).toEqual([]);
    return r.json.body;
  }

  it('stores every corpus vector as safe markup, on create and on edit', async () => {
    for (const vector of XSS_CORPUS) {
      const body = await storedBodyOf(vector);
      expect({ vector, problems: await unsafeMarkup(page, body) }).toEqual({ vector, problems: [] });
      const edited = await post(
        `/api/stories/${t.story.id}/entries/${t.entry.id}`,
        { body: `<p>edited</p>${vector}` },
        'PATCH',
      );
      expect(edited.status).toBe(200);
      expect({ vector, problems: await unsafeMarkup(page, edited.json.body) }).toEqual({ vector, problems: [] });
    }
    // Plain-text story fields too: kept verbatim as text, and every surface shows them as text.
    const title = XSS_CORPUS[1];
    const summary = XSS_CORPUS.slice(0, 20).join(' ');
    const story = await post('/api/stories', { title, summary, status: 'live' });
    expect(story.status).toBe(201);
    expect({ title: story.json.title, summary: story.json.summary }).toEqual({ title, summary });
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    const reader = await context.newPage();
    const dialogs: string[] = [];
    reader.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    for (const path of [`/stories/${story.json.slug}`, `/embed/${story.json.slug}`]) {
      expect((await reader.goto(`${t.server.url}${path}`, { waitUntil: 'load' }))?.status()).toBe(200);
      // The title is the page's text, not markup: no <img> made of it, no handler attribute anywhere.
      expect(
        await reader.$$eval('body *', (els, t) => els.some((e) => e.textContent?.includes(t as string)), title),
      ).toBe(true);
      expect(await reader.$$eval('img[onerror], [onerror], [onload]', (els) => els.length)).toBe(0);
    }
    // XML feeds escape it; the JSON feed carries it as a string (text by JSON Feed's rules).
    for (const feed of ['feed.atom', 'feed.rss']) {
      const text = await (await fetch(`${t.server.url}/stories/${story.json.slug}/${feed}`)).text();
      expect(text).not.toContain(title);
      expect(text).toContain(title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
    expect(
      ((await (await fetch(`${t.server.url}/stories/${story.json.slug}/feed.json`)).json()) as { title: string }).title,
    ).toBe(title);
    await context.close();
    expect(dialogs).toEqual([]);
  });

  it('stores generated hostile markup (obfuscated script URLs, mutation XSS) as safe markup', async () => {
    await fc.assert(
      fc.asyncProperty(hostileHtml, async (html) => {
        const problems = await unsafeMarkup(page, await storedBodyOf(html));
        if (problems.length) throw new Error(`${JSON.stringify(html)} stored unsafely: ${problems.join('; ')}`);
      }),
      fuzzParams(250),
    );
  });

  it('runs no script on the reader page and the embed, even with the CSP switched off', async () => {
    // Without the CSP, only the sanitizer and the escaping stand between a vector and alert().
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    const dialogs: string[] = [];
    const reader = await context.newPage();
    reader.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    // The newest page of entries holds the latest vectors; the log holds the rest.
    for (const path of [`/stories/${t.story.slug}`, `/embed/${t.story.slug}`]) {
      const r = await reader.goto(`${t.server.url}${path}`, { waitUntil: 'load' });
      expect(r?.status()).toBe(200);
      await reader.waitForTimeout(300);
      const inlineScripts = await reader.$$eval('script:not([src])', (els) => els.map((e) => e.getAttribute('type')));
      for (const type of inlineScripts) expect(['application/ld+json', 'application/json']).toContain(type);
      expect(
        await reader.$$eval('*', (els) =>
          els.flatMap((e) =>
            Array.from(e.attributes)
              .filter((a) => a.name.startsWith('on'))
              .map((a) => `${e.localName} ${a.name}`),
          ),
        ),
      ).toEqual([]);
    }
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
