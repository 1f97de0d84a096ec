import type { EmbedPreview, Entry, EntryPage, Story } from '@liveline/contracts';
import { escapeHtml as esc, jsonForScript } from '../markup/html';
import { buildLiveBlogPosting } from '../markup/json-ld';
import { formattingLocale } from '../markup/locale';
import { messagesFor } from '../markup/messages';
import { READER_STATE_ID, type ReaderState } from '../markup/reader-state';
import { entryAnchor, renderTimeline, type MarkupContext } from '../markup/timeline-markup';
import { storyUrls, SITE_NAME } from '../story-urls';
import { coverImageMeta } from './cover-image';

export interface ReaderDocument {
  mode: 'page' | 'embed';
  story: Story;
  /** The head seq read before the entries: live updates resume after it. */
  seq: number;
  page: EntryPage;
  pinned: Entry | null;
  keyEvents: Entry[];
  /** The cursor this page was asked for (`?before=`), null for the latest entries. */
  before: string | null;
  limit: number;
  /** What the preview cache knows of this page's embeds. */
  embeds?: ReadonlyMap<string, EmbedPreview>;
  origin: string;
  assets: { readerJs: string; css: string };
  theme: 'light' | 'dark' | 'auto';
}

/** Open Graph wants `ll_CC`; a bare language gets its most common region. */
const OG_LOCALES: Record<string, string> = {
  ar: 'ar_AR',
  en: 'en_US',
  fr: 'fr_FR',
  es: 'es_ES',
  de: 'de_DE',
  fa: 'fa_IR',
  he: 'he_IL',
  ur: 'ur_PK',
  uk: 'uk_UA',
  ru: 'ru_RU',
};

function ogLocale(language: string): string {
  const [lang, region] = language.split('-');
  if (region && /^[a-z]{2}$/i.test(region)) return `${lang.toLowerCase()}_${region.toUpperCase()}`;
  return OG_LOCALES[lang.toLowerCase()] ?? lang.toLowerCase();
}

/** The reader page (or the iframe embed): complete without JavaScript, taken over by /reader.js. */
export function renderReaderDocument(d: ReaderDocument): string {
  const { story, page, mode } = d;
  const m = messagesFor(story.language);
  const urls = storyUrls(d.origin, story.slug);
  const embedded = mode === 'embed';
  const paged = d.before !== null;
  const pagePath = embedded ? urls.embedPath : urls.pagePath;
  const ctx: MarkupContext = {
    locale: formattingLocale(story.language),
    messages: m,
    timeZone: story.timeZone || 'UTC',
    entryUrl: embedded ? (id) => `${urls.page}#${entryAnchor(id)}` : (id) => `#${entryAnchor(id)}`,
    linkTarget: embedded ? '_blank' : undefined,
    embeds: d.embeds,
  };
  const olderHref = page.nextCursor ? `${pagePath}?before=${encodeURIComponent(page.nextCursor)}` : null;
  const state: ReaderState = {
    mode,
    story,
    seq: d.seq,
    limit: d.limit,
    nextCursor: page.nextCursor,
    pagePath,
    pageUrl: urls.page,
    paged,
    site: { siteName: SITE_NAME, siteUrl: d.origin },
    jsonLdLimit: Math.max(d.limit, page.items.length),
  };
  const jsonLd =
    !embedded && !paged
      ? buildLiveBlogPosting(story, page.items, { pageUrl: urls.page, siteName: SITE_NAME, siteUrl: d.origin })
      : null;
  const canonical = paged ? `${urls.page}?before=${encodeURIComponent(d.before!)}` : urls.page;
  const description = story.summary.trim() || story.title;
  const head = [
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${esc(story.title)}</title>`,
    `<meta name="description" content="${esc(description)}">`,
    // The embed and older stretches are not what search should list; the story page is.
    embedded || paged ? `<meta name="robots" content="noindex, follow">` : '',
    `<link rel="canonical" href="${esc(embedded ? urls.page : canonical)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${esc(story.title)} (Atom)" href="${esc(urls.atom)}">`,
    `<link rel="alternate" type="application/rss+xml" title="${esc(story.title)} (RSS)" href="${esc(urls.rss)}">`,
    `<link rel="alternate" type="application/feed+json" title="${esc(story.title)} (JSON Feed)" href="${esc(urls.json)}">`,
    `<link rel="alternate" type="application/json+oembed" title="${esc(story.title)}" href="${esc(urls.oembed)}">`,
    `<meta property="og:type" content="article">`,
    `<meta property="og:site_name" content="${esc(SITE_NAME)}">`,
    `<meta property="og:title" content="${esc(story.title)}">`,
    `<meta property="og:description" content="${esc(description)}">`,
    `<meta property="og:url" content="${esc(urls.page)}">`,
    `<meta property="og:locale" content="${esc(ogLocale(story.language))}">`,
    story.coverageStartedAt ? `<meta property="article:published_time" content="${esc(story.coverageStartedAt)}">` : '',
    `<meta property="article:modified_time" content="${esc(story.updatedAt)}">`,
    ...coverImageMeta(story, d.origin),
    `<link rel="stylesheet" href="${esc(d.assets.css)}">`,
    // No favicon of our own: say so, rather than have every reader's browser ask for one.
    `<link rel="icon" href="data:,">`,
    // Links in a frame open beside the host page, not inside it.
    embedded ? `<base target="_blank">` : '',
    jsonLd ? `<script type="application/ld+json">${jsonForScript(jsonLd)}</script>` : '',
    `<script type="application/json" id="${READER_STATE_ID}">${jsonForScript(state)}</script>`,
    `<script src="${esc(d.assets.readerJs)}" defer></script>`,
  ].filter(Boolean);
  const timeline = renderTimeline(
    {
      story,
      entries: page.items,
      pinned: paged ? null : d.pinned,
      keyEvents: d.keyEvents,
      olderHref,
      latestHref: paged ? pagePath : null,
      titleHref: embedded ? urls.page : null,
      headingLevel: 1,
    },
    ctx,
  );
  const footer = embedded
    ? ''
    : `<footer class="ll-footer">${esc(m.feeds)}: <a href="${esc(urls.atom)}">Atom</a><a href="${esc(urls.rss)}">RSS</a><a href="${esc(urls.json)}">JSON Feed</a></footer>`;
  return (
    `<!doctype html>\n<html lang="${esc(story.language)}" dir="${esc(story.direction)}">\n<head>\n${head.join('\n')}\n</head>\n` +
    `<body class="ll-root ${embedded ? 'll-embed' : 'll-page'}" data-theme="${esc(d.theme)}">\n${timeline}${footer}\n</body>\n</html>\n`
  );
}
