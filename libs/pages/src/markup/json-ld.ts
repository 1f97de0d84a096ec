import type { Entry, Story } from '@liveline/contracts';
import { embedSharedContent } from './embed-card';
import { plainText } from './html';
import { mediaImagesOf } from './media-markup';
import { entryAnchor, entryTitle, isCorrected } from './timeline-markup';

// schema.org LiveBlogPosting for search engines. The reader script keeps it current with the
// same functions, so what a crawler that runs scripts sees matches the live page.

export interface BlogPosting {
  '@type': 'BlogPosting';
  '@id': string;
  url: string;
  headline: string;
  articleBody: string;
  datePublished: string;
  dateModified: string;
  author?: { '@type': 'Person'; name: string };
  image?: string[];
  inLanguage: string;
  /** Embedded posts and videos. */
  sharedContent?: Array<{ '@type': string; url: string }>;
}

export interface LiveBlogPosting {
  '@context': 'https://schema.org';
  '@type': 'LiveBlogPosting';
  '@id': string;
  url: string;
  mainEntityOfPage: string;
  headline: string;
  description?: string;
  inLanguage: string;
  datePublished: string;
  dateModified: string;
  coverageStartTime: string;
  coverageEndTime?: string;
  image?: string;
  publisher: { '@type': 'Organization'; name: string; url: string };
  liveBlogUpdate: BlogPosting[];
}

const originOf = (url: string) => (/^https?:\/\/[^/]+/.exec(url) ?? [''])[0];

export function blogPostingFor(entry: Entry, pageUrl: string, language: string): BlogPosting {
  const url = `${pageUrl}#${entryAnchor(entry.id)}`;
  const published = entry.publishedAt ?? entry.occurredAt;
  const images = mediaImagesOf(entry.body, originOf(pageUrl)).map((i) => i.url);
  return {
    '@type': 'BlogPosting',
    '@id': url,
    url,
    headline: entryTitle(entry),
    articleBody: plainText(entry.body),
    datePublished: published,
    // Only a correction changes what readers were told; pin and flag changes do not.
    dateModified: isCorrected(entry) ? entry.updatedAt : published,
    ...(entry.author?.name ? { author: { '@type': 'Person' as const, name: entry.author.name } } : {}),
    ...(images.length ? { image: images } : {}),
    inLanguage: language,
    ...embedSharedContent(entry.body),
  };
}

export interface JsonLdSite {
  pageUrl: string;
  siteName: string;
  siteUrl: string;
}

export function buildLiveBlogPosting(story: Story, entries: Entry[], site: JsonLdSite): LiveBlogPosting {
  const updates = entries.map((e) => blogPostingFor(e, site.pageUrl, story.language));
  const start = story.coverageStartedAt ?? story.createdAt;
  const modified = updates.map((u) => u.dateModified).reduce(later, story.updatedAt);
  const [cover] = story.coverImageUrl ? mediaImagesOf(`<img src="${story.coverImageUrl}">`, site.siteUrl) : [];
  return {
    '@context': 'https://schema.org',
    '@type': 'LiveBlogPosting',
    '@id': site.pageUrl,
    url: site.pageUrl,
    mainEntityOfPage: site.pageUrl,
    headline: story.title,
    ...(story.summary.trim() ? { description: story.summary } : {}),
    inLanguage: story.language,
    datePublished: start,
    dateModified: modified,
    coverageStartTime: start,
    // An open live blog has no end yet; one is only stated once coverage has ended.
    ...(story.status === 'ended' ? { coverageEndTime: story.coverageEndedAt ?? story.updatedAt } : {}),
    ...(cover ? { image: cover.url } : {}),
    publisher: { '@type': 'Organization', name: site.siteName, url: site.siteUrl },
    liveBlogUpdate: updates,
  };
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Applies one public change of an entry (`entry` null when it left the timeline) at `at` to a
 * LiveBlogPosting already on the page, keeping the newest `limit` updates.
 */
export function withEntry(
  ld: LiveBlogPosting,
  entryId: string,
  entry: Entry | null,
  at: string,
  limit: number,
): LiveBlogPosting {
  const url = `${ld.url}#${entryAnchor(entryId)}`;
  const others = ld.liveBlogUpdate.filter((u) => u.url !== url);
  if (!entry || entry.status !== 'published') {
    if (others.length === ld.liveBlogUpdate.length) return ld;
    return { ...ld, dateModified: later(ld.dateModified, at), liveBlogUpdate: others };
  }
  const posting = blogPostingFor(entry, ld.url, ld.inLanguage);
  const updates = [...others, posting]
    .sort((a, b) => Date.parse(b.datePublished) - Date.parse(a.datePublished))
    .slice(0, limit);
  return { ...ld, dateModified: later(ld.dateModified, posting.dateModified), liveBlogUpdate: updates };
}

/** Applies a change of the story itself (title, summary, status, coverage times). */
export function withStory(ld: LiveBlogPosting, story: Story, site: JsonLdSite): LiveBlogPosting {
  const top = buildLiveBlogPosting(story, [], site);
  return { ...top, dateModified: later(ld.dateModified, top.dateModified), liveBlogUpdate: ld.liveBlogUpdate };
}
