import type { EmbedPreview, Entry, Story } from '@liveline/contracts';
import { renderBodyEmbeds } from './embed-card';
import { escapeHtml as esc, excerpt, plainText } from './html';
import { responsiveMediaBody } from './media-markup';
import type { Messages } from './messages';
import { formatAbsolute, formatRelative, zoneLabel } from './time';

// One markup for the timeline wherever it shows: the server renders it into the reader page and
// the embed, the browser renders it for live entries and inside the widget's shadow root.

export interface MarkupContext {
  /** Intl locale for dates and numbers (see formattingLocale). */
  locale: string;
  messages: Messages;
  /** The zone absolute times are shown in: the story's, or the reader's once they switch. */
  timeZone?: string;
  /** Set in the browser to show relative times. */
  now?: number;
  /** Where an entry's permalink points: `#entry-<id>` on the page, absolute elsewhere. */
  entryUrl(entryId: string): string;
  /** `_blank` where links must leave a frame or a partner's page. */
  linkTarget?: string;
  /** Set when the surface's own words are in another language than the story (the widget's `lang`). */
  ui?: { lang: string; dir: 'ltr' | 'rtl' };
  /** Where media files are fetched from: unset on the service's own pages, its origin in the widget. */
  mediaOrigin?: string;
  /** What the server's preview cache knows of the embeds on this page (by canonical URL). */
  embeds?: ReadonlyMap<string, EmbedPreview>;
}

/** Marks the surface's own words (times, badges, bylines) when their language is not the story's. */
function chrome(ctx: MarkupContext): string {
  return ctx.ui ? ` lang="${esc(ctx.ui.lang)}" dir="${ctx.ui.dir}"` : '';
}

function target(ctx: MarkupContext): string {
  return ctx.linkTarget ? ` target="${esc(ctx.linkTarget)}" rel="noopener"` : '';
}

export interface TimelineMarkup {
  story: Story;
  entries: Entry[];
  pinned: Entry | null;
  /** Null where the surface has no key-events list (the widget). */
  keyEvents: Entry[] | null;
  /** Link to the next page back, or null on the last page. */
  olderHref: string | null;
  /** Link back to the newest entries, shown on pages reached through "load older". */
  latestHref: string | null;
  /** Link the title to the reader page (widget, embed); null on the page itself. */
  titleHref: string | null;
  headingLevel: 1 | 2;
}

export function entryAnchor(entryId: string): string {
  return `entry-${entryId}`;
}

/** The moment an entry's place in the timeline is ordered by. */
export function sortKeyOf(entry: Pick<Entry, 'publishedAt' | 'occurredAt'>): string {
  return entry.publishedAt ?? entry.occurredAt;
}

/** Newest first, the order the entries API pages in. */
export function compareEntries(
  a: Pick<Entry, 'id' | 'publishedAt' | 'occurredAt'>,
  b: Pick<Entry, 'id' | 'publishedAt' | 'occurredAt'>,
): number {
  const byTime = Date.parse(sortKeyOf(b)) - Date.parse(sortKeyOf(a));
  if (byTime !== 0) return byTime;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

/** A correction: changed after it went out (a publish of a draft alone also bumps the version). */
export function isCorrected(entry: Pick<Entry, 'version' | 'updatedAt' | 'publishedAt'>): boolean {
  if (entry.version <= 1) return false;
  if (!entry.publishedAt) return true;
  return Date.parse(entry.updatedAt) - Date.parse(entry.publishedAt) > 1000;
}

/** A short title for an entry: its headline, or the start of its text. */
export function entryTitle(entry: Pick<Entry, 'headline' | 'body'>, max = 110): string {
  return excerpt(entry.headline.trim() || plainText(entry.body), max);
}

export function renderTime(iso: string, ctx: MarkupContext, className: string): string {
  const absolute = formatAbsolute(iso, ctx.locale, ctx.timeZone);
  const relative = ctx.now === undefined ? null : formatRelative(iso, ctx.now, ctx.locale);
  return `<time class="${className}" datetime="${esc(iso)}" title="${esc(absolute)}" data-ll-time>${esc(relative ?? absolute)}</time>`;
}

export function renderEntry(entry: Entry, ctx: MarkupContext, eagerMedia = false): string {
  const m = ctx.messages;
  const published = entry.publishedAt ?? entry.occurredAt;
  const classes = ['ll-entry', entry.keyEvent ? 'll-entry-key' : '', entry.pinned ? 'll-entry-pinned' : '']
    .filter(Boolean)
    .join(' ');
  const badges = [
    entry.pinned ? `<span class="ll-badge ll-badge-pinned">${esc(m.pinned)}</span>` : '',
    entry.keyEvent ? `<span class="ll-badge ll-badge-key">${esc(m.keyEvent)}</span>` : '',
    isCorrected(entry)
      ? `<span class="ll-updated">${esc(m.updated)} ${renderTime(entry.updatedAt, ctx, 'll-updated-at')}</span>`
      : '',
  ].join('');
  return (
    `<article class="${classes}" id="${esc(entryAnchor(entry.id))}" data-id="${esc(entry.id)}" data-version="${entry.version}" data-sort="${esc(sortKeyOf(entry))}">` +
    `<header class="ll-entry-head"${chrome(ctx)}>` +
    `<a class="ll-permalink" href="${esc(ctx.entryUrl(entry.id))}"${target(ctx)}>${renderTime(entry.occurredAt, ctx, 'll-occurred')}</a>` +
    badges +
    `</header>` +
    (entry.headline.trim() ? `<h3 class="ll-headline">${esc(entry.headline)}</h3>` : '') +
    // Bodies come sanitized from the server's allow-list; they are HTML on purpose.
    `<div class="ll-body">${renderBodyEmbeds(responsiveMediaBody(entry.body, { origin: ctx.mediaOrigin ?? '', eager: eagerMedia }), ctx)}</div>` +
    `<footer class="ll-entry-foot"${chrome(ctx)}>` +
    // A byline in one script inside a sentence in another stays in its own direction.
    (entry.author?.name ? `<span class="ll-author">${esc(m.by)} <bdi>${esc(entry.author.name)}</bdi></span> · ` : '') +
    `<span class="ll-published">${esc(m.published)} ${renderTime(published, ctx, 'll-published-at')}</span>` +
    `</footer>` +
    `</article>`
  );
}

export function renderKeyEventItem(entry: Entry, ctx: MarkupContext): string {
  return (
    `<li data-id="${esc(entry.id)}" data-sort="${esc(sortKeyOf(entry))}">` +
    `<a href="${esc(ctx.entryUrl(entry.id))}"${target(ctx)}>${renderTime(entry.occurredAt, ctx, 'll-key-time')} ` +
    `<span class="ll-key-title">${esc(entryTitle(entry, 120))}</span></a></li>`
  );
}

/** Which zone the times are in, and (once the browser takes over) a switch to the reader's own clock. */
export function renderClock(story: Pick<Story, 'timeZone'>, ctx: MarkupContext): string {
  const zone = story.timeZone || 'UTC';
  return (
    `<p class="ll-clock"${chrome(ctx)} data-zone="${esc(zone)}"><span class="ll-clock-label">${esc(ctx.messages.timesInStoryZone(zoneLabel(zone, ctx.locale)))}</span> ` +
    `<button type="button" class="ll-clock-switch" hidden>${esc(ctx.messages.showMyTime)}</button></p>`
  );
}

export function renderStatusBadge(story: Pick<Story, 'status'>, m: Messages): string {
  return story.status === 'ended' ? esc(m.ended) : esc(m.live);
}

export function renderCoverage(story: Story, ctx: MarkupContext): string {
  const parts: string[] = [];
  if (story.coverageStartedAt)
    parts.push(`${esc(ctx.messages.coverageStarted)} ${renderTime(story.coverageStartedAt, ctx, 'll-coverage-start')}`);
  if (story.coverageEndedAt)
    parts.push(`${esc(ctx.messages.coverageEnded)} ${renderTime(story.coverageEndedAt, ctx, 'll-coverage-end')}`);
  return parts.join(' · ');
}

/** The whole timeline: story header, key events, pinned entry, live controls, entries, paging. */
export function renderTimeline(t: TimelineMarkup, ctx: MarkupContext): string {
  const m = ctx.messages;
  const { story } = t;
  const h = `h${t.headingLevel}`;
  const title = t.titleHref ? `<a href="${esc(t.titleHref)}"${target(ctx)}>${esc(story.title)}</a>` : esc(story.title);
  const pinnedId = t.pinned?.id;
  const listed = t.entries.filter((e) => e.id !== pinnedId);
  const keyEvents = t.keyEvents;
  return (
    `<header class="ll-story">` +
    `<p class="ll-status" data-status="${esc(story.status)}"${chrome(ctx)}><span class="ll-status-badge">${renderStatusBadge(story, m)}</span></p>` +
    `<${h} class="ll-title">${title}</${h}>` +
    `<p class="ll-summary"${story.summary.trim() ? '' : ' hidden'}>${esc(story.summary)}</p>` +
    `<p class="ll-coverage"${chrome(ctx)}>${renderCoverage(story, ctx)}</p>` +
    renderClock(story, ctx) +
    `</header>` +
    (keyEvents
      ? `<nav class="ll-key-events" aria-labelledby="ll-key-events-title"${keyEvents.length ? '' : ' hidden'}>` +
        `<h2 id="ll-key-events-title">${esc(m.keyEvents)}</h2>` +
        `<ol>${keyEvents.map((e) => renderKeyEventItem(e, ctx)).join('')}</ol></nav>`
      : '') +
    `<section class="ll-pinned" aria-label="${esc(m.pinned)}"${t.pinned ? '' : ' hidden'}>${t.pinned ? renderEntry(t.pinned, ctx, true) : ''}</section>` +
    `<div class="ll-announcer" role="status" aria-live="polite" aria-atomic="true"></div>` +
    // The bar takes no height, so showing the button never moves what the reader is looking at.
    `<div class="ll-new-bar"><button type="button" class="ll-new"${chrome(ctx)} hidden></button></div>` +
    `<section class="ll-timeline" aria-label="${esc(m.latest)}">` +
    `<div class="ll-top" aria-hidden="true"></div>` +
    listed.map((e, i) => renderEntry(e, ctx, i === 0)).join('') +
    `<p class="ll-empty"${listed.length || t.pinned ? ' hidden' : ''}>${esc(m.noEntries)}</p>` +
    `</section>` +
    `<nav class="ll-paging"${chrome(ctx)}>` +
    // Paging stays in its frame even where other links leave it.
    (t.latestHref ? `<a class="ll-latest" href="${esc(t.latestHref)}" target="_self">${esc(m.backToLatest)}</a>` : '') +
    `<a class="ll-older" rel="next" target="_self"${t.olderHref ? ` href="${esc(t.olderHref)}"` : ' hidden'}>${esc(m.loadOlder)}</a>` +
    `</nav>`
  );
}
