import { makeEntry, makeStory } from '../markup/factories';
import { renderReaderDocument, type ReaderDocument } from './reader-document';

function doc(over: Partial<ReaderDocument> = {}): string {
  const entries = [
    makeEntry({ headline: 'أحدث' }),
    makeEntry({ headline: 'أقدم', publishedAt: '2024-10-21T07:00:00.000Z' }),
  ];
  return renderReaderDocument({
    mode: 'page',
    story: makeStory(),
    seq: 7,
    page: { items: entries, nextCursor: 'c1', seq: 7 },
    pinned: null,
    keyEvents: [],
    before: null,
    limit: 20,
    origin: 'https://live.example',
    assets: { readerJs: '/reader.js?v=1', css: '/reader.css?v=1' },
    theme: 'auto',
    ...over,
  });
}

const scripts = (html: string) =>
  [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1], body: m[2] }));

describe('renderReaderDocument', () => {
  it('carries the story’s language and direction', () => {
    expect(doc()).toContain('<html lang="ar" dir="rtl">');
  });

  it('runs no inline script: data travels as JSON blocks, code as an external file', () => {
    for (const s of scripts(doc())) {
      if (s.body.trim()) expect(s.attrs).toMatch(/type="application\/(ld\+)?json"/);
      else expect(s.attrs).toContain('src="/reader.js?v=1"');
    }
  });

  it('hands the reader script the seq the HTML reflects', () => {
    const state = scripts(doc()).find((s) => s.attrs.includes('id="liveline-state"'))!;
    expect(JSON.parse(state.body)).toMatchObject({
      mode: 'page',
      seq: 7,
      nextCursor: 'c1',
      pagePath: '/stories/kyiv-live',
      paged: false,
    });
  });

  it('keeps a hostile title inside its elements', () => {
    const html = doc({
      story: makeStory({ title: '</script><script>alert(1)</script>', summary: '"><img src=x onerror=alert(1)>' }),
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    const ld = scripts(html).find((s) => s.attrs.includes('ld+json'))!;
    expect(JSON.parse(ld.body).headline).toBe('</script><script>alert(1)</script>');
  });

  it('links older entries with ?before= so paging works without script', () => {
    expect(doc()).toContain('href="/stories/kyiv-live?before=c1"');
  });

  it('keeps older stretches and the embed out of search, and JSON-LD on the story page only', () => {
    const older = doc({ before: 'c0' });
    expect(older).toContain('<meta name="robots" content="noindex, follow">');
    expect(older).not.toContain('application/ld+json');
    expect(older).toContain('class="ll-latest" href="/stories/kyiv-live"');
    const embed = doc({ mode: 'embed' });
    expect(embed).toContain('<meta name="robots" content="noindex, follow">');
    expect(embed).toContain('<base target="_blank">');
    expect(embed).toContain('href="https://live.example/stories/kyiv-live#entry-');
  });

  it('announces its feeds, oEmbed and Open Graph', () => {
    const html = doc();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(html).toContain(
      'href="https://live.example/oembed?url=https%3A%2F%2Flive.example%2Fstories%2Fkyiv-live&amp;format=json"',
    );
    expect(html).toContain('<meta property="og:url" content="https://live.example/stories/kyiv-live">');
    expect(html).toContain('<meta property="og:locale" content="ar_AR">');
  });
});
