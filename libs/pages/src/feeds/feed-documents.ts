import type { Entry, Story } from '@liveline/contracts';
import { Feed, type Item } from 'feed';
import { escapeHtml } from '../markup/html';
import { absoluteMediaUrls, mediaImagesOf } from '../markup/media-markup';
import { formattingLocale } from '../markup/locale';
import { messagesFor } from '../markup/messages';
import { formatAbsolute } from '../markup/time';
import { entryAnchor, entryTitle, isCorrected } from '../markup/timeline-markup';
import { SITE_NAME, storyUrls } from '../story-urls';

export type FeedFormat = 'atom' | 'rss' | 'json';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedInput {
  story: Story;
  /** Published entries, newest first. */
  entries: Entry[];
  origin: string;
  /** When the story last changed publicly (its latest event), deletions included. */
  updatedAt: string;
}

function latest(dates: string[]): Date {
  return new Date(Math.max(...dates.map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t))));
}

// CDATA cannot hold "]]>"; sanitized bodies escape ">" in text, but a feed must never break.
function cdataSafe(html: string): string {
  return html.replace(/]]>/g, ']]&gt;');
}

function item(entry: Entry, input: FeedInput, format: FeedFormat): Item {
  const { story } = input;
  const m = messagesFor(story.language);
  const link = `${storyUrls(input.origin, story.slug).page}#${entryAnchor(entry.id)}`;
  const published = new Date(entry.publishedAt ?? entry.occurredAt);
  const corrected = isCorrected(entry);
  // Feed readers show content, not metadata: a correction says so in the text itself.
  const note = corrected
    ? `<p><em>${escapeHtml(m.updated)} ${escapeHtml(formatAbsolute(entry.updatedAt, formattingLocale(story.language), story.timeZone || 'UTC'))}</em></p>`
    : '';
  const byline = entry.author?.name;
  const [image] = mediaImagesOf(entry.body, input.origin);
  return {
    // Atom and RSS carry titles as HTML; a headline is plain text.
    title: format === 'json' ? entryTitle(entry) : cdataSafe(escapeHtml(entryTitle(entry))),
    // No separate id: then the permalink is the Atom id and an RSS guid with isPermaLink="true".
    link,
    date: corrected ? new Date(entry.updatedAt) : published,
    published,
    content: cdataSafe(absoluteMediaUrls(entry.body, input.origin) + note),
    // Atom link rel=enclosure, RSS <enclosure>, JSON Feed `image`: the entry's first photo.
    image: image ? { url: image.url, type: image.type } : undefined,
    // RSS 2.0's <author> must be an email address; a byline is dc:creator there.
    author: byline && format !== 'rss' ? [{ name: byline }] : undefined,
    extensions: byline && format === 'rss' ? [{ name: 'dc:creator', objects: { _text: byline } }] : undefined,
    category: entry.keyEvent ? [{ name: m.keyEvent, term: 'key-event' }] : undefined,
  };
}

function buildFeed(input: FeedInput, format: FeedFormat): Feed {
  const { story } = input;
  const urls = storyUrls(input.origin, story.slug);
  const feed = new Feed({
    id: urls.page,
    title: story.title,
    description: story.summary || story.title,
    link: urls.page,
    language: story.language,
    updated: latest([
      input.updatedAt,
      story.updatedAt,
      ...input.entries.map((e) => (isCorrected(e) ? e.updatedAt : (e.publishedAt ?? e.occurredAt))),
    ]),
    generator: SITE_NAME,
    feedLinks: { atom: urls.atom, rss: urls.rss, json: urls.json },
    // A live story changes by the minute; RSS readers that honour ttl poll accordingly.
    ttl: story.status === 'live' ? 1 : 60,
  });
  for (const entry of input.entries) feed.addItem(item(entry, input, format));
  return feed;
}

// Characters XML 1.0 forbids even escaped (C0 controls, U+FFFE, U+FFFF) would make a feed
// unparseable; entries may hold them, since JSON and HTML carry them fine.
function xmlSafe(xml: string): string {
  return xml.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function renderAtom(input: FeedInput): string {
  const xml = xmlSafe(buildFeed(input, 'atom').atom1());
  // The package has no option for the feed's language; Atom carries it as xml:lang.
  return xml.replace(
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(input.story.language)}">`,
  );
}

export function renderRss(input: FeedInput): string {
  return xmlSafe(buildFeed(input, 'rss').rss2());
}

interface JsonFeedAuthor {
  name?: string;
  url?: string;
  avatar?: string;
}

/** JSON Feed 1.1: the package writes 1.0, whose `author` became `authors`, and adds no language. */
export function renderJsonFeed(input: FeedInput): string {
  const doc = JSON.parse(buildFeed(input, 'json').json1()) as Record<string, unknown> & {
    items: Array<Record<string, unknown>>;
  };
  const { author: feedAuthor, ...top } = doc as { author?: JsonFeedAuthor } & typeof doc;
  const items = doc.items.map((raw) => {
    const { author, ...rest } = raw as { author?: JsonFeedAuthor } & Record<string, unknown>;
    const withId = { ...rest, id: rest.id ?? rest.url };
    return author ? { ...withId, authors: [author] } : withId;
  });
  return JSON.stringify({
    ...top,
    version: 'https://jsonfeed.org/version/1.1',
    language: input.story.language,
    ...(feedAuthor ? { authors: [feedAuthor] } : {}),
    items,
  });
}

export function renderFeed(format: FeedFormat, input: FeedInput): string {
  const render = { atom: renderAtom, rss: renderRss, json: renderJsonFeed }[format];
  return render(input);
}
