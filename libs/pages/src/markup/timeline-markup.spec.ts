import { makeEntry, makeStory } from './factories';
import { messagesFor } from './messages';
import { compareEntries, isCorrected, renderEntry, renderTimeline, type MarkupContext } from './timeline-markup';

const ctx: MarkupContext = {
  locale: 'ar-u-nu-arab',
  messages: messagesFor('ar'),
  timeZone: 'UTC',
  entryUrl: (id) => `#entry-${id}`,
};

describe('renderEntry', () => {
  it('gives each entry a permalink anchor and machine-readable times', () => {
    const e = makeEntry({ occurredAt: '2024-10-21T05:15:00.000Z', publishedAt: '2024-10-21T05:30:00.000Z' });
    const html = renderEntry(e, ctx);
    expect(html).toContain(`id="entry-${e.id}"`);
    expect(html).toContain(`href="#entry-${e.id}"`);
    expect(html).toContain('<time class="ll-occurred" datetime="2024-10-21T05:15:00.000Z"');
    expect(html).toContain('<time class="ll-published-at" datetime="2024-10-21T05:30:00.000Z"');
  });

  it('escapes the headline and byline but keeps the sanitized body as HTML', () => {
    const e = makeEntry({
      headline: '<script>x</script>',
      author: { id: 'u', name: '"Eve" <b>' },
      body: '<p><strong>نص</strong></p>',
    });
    const html = renderEntry(e, ctx);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('&quot;Eve&quot; &lt;b&gt;');
    expect(html).toContain('<div class="ll-body"><p><strong>نص</strong></p></div>');
    expect(html).not.toContain('<script>');
  });

  it('shows an "updated" marker only on a correction', () => {
    const fresh = makeEntry({ version: 1 });
    const corrected = makeEntry({
      version: 2,
      publishedAt: '2024-10-21T08:00:00.000Z',
      updatedAt: '2024-10-21T08:20:00.000Z',
    });
    expect(renderEntry(fresh, ctx)).not.toContain('ll-updated');
    expect(renderEntry(corrected, ctx)).toContain(
      '<span class="ll-updated">عُدّل <time class="ll-updated-at" datetime="2024-10-21T08:20:00.000Z"',
    );
  });

  it('writes server-side times in UTC with Arabic-Indic digits', () => {
    const html = renderEntry(makeEntry({ occurredAt: '2024-10-21T05:15:00.000Z' }), ctx);
    expect(html).toMatch(/٢١ أكتوبر ٢٠٢٤[^<]*٥:١٥[^<]*UTC/);
  });
});

describe('isCorrected', () => {
  it('does not count publishing a draft as a correction', () => {
    expect(
      isCorrected({ version: 2, publishedAt: '2024-10-21T08:00:00.000Z', updatedAt: '2024-10-21T08:00:00.000Z' }),
    ).toBe(false);
  });

  it('counts an edit after publication', () => {
    expect(
      isCorrected({ version: 3, publishedAt: '2024-10-21T08:00:00.000Z', updatedAt: '2024-10-21T08:05:00.000Z' }),
    ).toBe(true);
  });
});

describe('compareEntries', () => {
  it('orders newest first, then by id as the API does', () => {
    const a = { id: 'a', publishedAt: '2024-10-21T08:00:00Z', occurredAt: '2024-10-21T08:00:00Z' };
    const b = { id: 'b', publishedAt: '2024-10-21T09:00:00Z', occurredAt: '2024-10-21T07:00:00Z' };
    const c = { id: 'c', publishedAt: '2024-10-21T08:00:00Z', occurredAt: '2024-10-21T08:00:00Z' };
    expect([a, b, c].sort(compareEntries).map((e) => e.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('renderTimeline', () => {
  const story = makeStory({ title: 'T <i>' });

  it('puts the pinned entry first and not again in the list', () => {
    const pinned = makeEntry({ pinned: true });
    const other = makeEntry();
    const html = renderTimeline(
      {
        story,
        entries: [other, pinned],
        pinned,
        keyEvents: [],
        olderHref: null,
        latestHref: null,
        titleHref: null,
        headingLevel: 1,
      },
      ctx,
    );
    expect(html.split(`id="entry-${pinned.id}"`)).toHaveLength(2);
    expect(html.indexOf(`id="entry-${pinned.id}"`)).toBeLessThan(html.indexOf(`id="entry-${other.id}"`));
    expect(html).toContain('<h1 class="ll-title">T &lt;i&gt;</h1>');
  });

  it('links key events to their entries’ anchors', () => {
    const key = makeEntry({ keyEvent: true, headline: 'حدث' });
    const html = renderTimeline(
      {
        story,
        entries: [key],
        pinned: null,
        keyEvents: [key],
        olderHref: null,
        latestHref: null,
        titleHref: null,
        headingLevel: 1,
      },
      ctx,
    );
    expect(html).toMatch(new RegExp(`<nav class="ll-key-events"[^>]*>.*<a href="#entry-${key.id}">`));
  });

  it('offers "load older" as a plain link that works without script', () => {
    const html = renderTimeline(
      {
        story,
        entries: [makeEntry()],
        pinned: null,
        keyEvents: null,
        olderHref: '/stories/s?before=abc%3D',
        latestHref: null,
        titleHref: null,
        headingLevel: 2,
      },
      ctx,
    );
    expect(html).toContain('<a class="ll-older" rel="next" target="_self" href="/stories/s?before=abc%3D">');
    expect(html).not.toContain('ll-key-events');
  });

  it('hides "load older" on the last page', () => {
    const html = renderTimeline(
      {
        story,
        entries: [],
        pinned: null,
        keyEvents: [],
        olderHref: null,
        latestHref: null,
        titleHref: null,
        headingLevel: 1,
      },
      ctx,
    );
    expect(html).toContain('<a class="ll-older" rel="next" target="_self" hidden>');
    expect(html).toContain('<p class="ll-empty">');
  });
});

describe('story time zone in the markup', () => {
  const kyiv: MarkupContext = { ...ctx, timeZone: 'Europe/Kyiv' };

  it('labels the times with the story zone and keeps datetime in UTC', () => {
    const story = makeStory({ timeZone: 'Europe/Kyiv' });
    const html = renderTimeline(
      {
        story,
        entries: [makeEntry({ occurredAt: '2026-10-25T01:30:00.000Z' })],
        pinned: null,
        keyEvents: null,
        olderHref: null,
        latestHref: null,
        titleHref: null,
        headingLevel: 1,
      },
      kyiv,
    );
    expect(html).toContain('الأوقات حسب توقيت أوكرانيا');
    expect(html).toContain('datetime="2026-10-25T01:30:00.000Z"');
    expect(html).toMatch(/٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش\+٢/);
    expect(html).toMatch(/<button type="button" class="ll-clock-switch" hidden>/);
  });
});
