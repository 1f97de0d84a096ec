import { makeEntry, makeStory } from './factories';
import { buildLiveBlogPosting, withEntry, withStory } from './json-ld';

const site = {
  pageUrl: 'https://live.example/stories/kyiv-live',
  siteName: 'Liveline',
  siteUrl: 'https://live.example',
};

describe('buildLiveBlogPosting', () => {
  it('describes the story as a LiveBlogPosting with its coverage start', () => {
    const ld = buildLiveBlogPosting(makeStory(), [], site);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LiveBlogPosting',
      url: site.pageUrl,
      headline: 'كييف مباشر',
      inLanguage: 'ar',
      coverageStartTime: '2024-10-21T05:00:00.000Z',
      liveBlogUpdate: [],
    });
  });

  it('states an end only once coverage has ended', () => {
    expect(buildLiveBlogPosting(makeStory(), [], site).coverageEndTime).toBeUndefined();
    const ended = makeStory({ status: 'ended', coverageEndedAt: '2024-10-21T20:00:00.000Z' });
    expect(buildLiveBlogPosting(ended, [], site).coverageEndTime).toBe('2024-10-21T20:00:00.000Z');
  });

  it('lists each entry as a BlogPosting whose url is the entry anchor', () => {
    const e = makeEntry({ headline: '', body: '<p>وصل أوستن إلى كييف &amp; التقى زيلينسكي</p>' });
    const [update] = buildLiveBlogPosting(makeStory(), [e], site).liveBlogUpdate;
    expect(update).toEqual({
      '@type': 'BlogPosting',
      '@id': `${site.pageUrl}#entry-${e.id}`,
      url: `${site.pageUrl}#entry-${e.id}`,
      headline: 'وصل أوستن إلى كييف & التقى زيلينسكي',
      articleBody: 'وصل أوستن إلى كييف & التقى زيلينسكي',
      datePublished: e.publishedAt,
      dateModified: e.publishedAt,
      author: { '@type': 'Person', name: 'غرفة الأخبار' },
      inLanguage: 'ar',
    });
  });

  it('dates the posting by its latest correction', () => {
    const e = makeEntry({ version: 2, publishedAt: '2024-10-21T10:00:00.000Z', updatedAt: '2024-10-21T11:00:00.000Z' });
    expect(buildLiveBlogPosting(makeStory(), [e], site).dateModified).toBe('2024-10-21T11:00:00.000Z');
  });
});

describe('keeping the JSON-LD current', () => {
  const older = makeEntry({ publishedAt: '2024-10-21T08:00:00.000Z' });
  const base = buildLiveBlogPosting(makeStory(), [older], site);

  it('adds a new entry first and keeps at most the limit', () => {
    const newer = makeEntry({ publishedAt: '2024-10-21T09:30:00.000Z' });
    const next = withEntry(base, newer.id, newer, '2024-10-21T09:30:00.000Z', 1);
    expect(next.liveBlogUpdate.map((u) => u.url)).toEqual([`${site.pageUrl}#entry-${newer.id}`]);
    expect(next.dateModified).toBe('2024-10-21T09:30:00.000Z');
  });

  it('removes a deleted entry and dates the change', () => {
    const next = withEntry(base, older.id, null, '2024-10-21T12:00:00.000Z', 20);
    expect(next.liveBlogUpdate).toEqual([]);
    expect(next.dateModified).toBe('2024-10-21T12:00:00.000Z');
  });

  it('follows a story that ended', () => {
    const ended = makeStory({
      status: 'ended',
      coverageEndedAt: '2024-10-21T20:00:00.000Z',
      updatedAt: '2024-10-21T20:00:00.000Z',
    });
    const next = withStory(base, ended, site);
    expect(next.coverageEndTime).toBe('2024-10-21T20:00:00.000Z');
    expect(next.liveBlogUpdate).toBe(base.liveBlogUpdate);
  });
});
