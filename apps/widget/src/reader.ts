// The reader page's and the iframe embed's script: takes over the server-rendered timeline and
// keeps it live. Loaded as an external script (no inline code, so a strict CSP holds).
import { directionOf } from '@liveline/contracts';
import {
  withEntry,
  withStory,
  type LiveBlogPosting,
  formattingLocale,
  messagesFor,
  READER_STATE_ID,
  type ReaderState,
  entryAnchor,
} from '@liveline/pages/markup';
import { liveConnection } from './live-client';
import { ReadApi } from './read-api';
import { TimelineView } from './timeline-view';

const MAX_PAGES_FOR_ANCHOR = 5;

function start(): void {
  const stateEl = document.getElementById(READER_STATE_ID);
  const container = document.querySelector<HTMLElement>('.ll-root');
  if (!stateEl || !container) return;
  const state = JSON.parse(stateEl.textContent ?? '{}') as ReaderState;
  const { story } = state;
  const base = location.origin;
  const api = new ReadApi(base);
  const embedded = state.mode === 'embed';
  const ldEl = document.querySelector<HTMLScriptElement>('script[type="application/ld+json"]');
  let ld = ldEl ? (JSON.parse(ldEl.textContent ?? 'null') as LiveBlogPosting | null) : null;
  const writeLd = () => {
    if (ldEl && ld) ldEl.textContent = JSON.stringify(ld);
  };

  const view = new TimelineView({
    container,
    story,
    api,
    ctx: {
      locale: formattingLocale(story.language, navigator.languages),
      messages: messagesFor(story.language),
      entryUrl: embedded ? (id) => `${state.pageUrl}#${entryAnchor(id)}` : (id) => `#${entryAnchor(id)}`,
      linkTarget: embedded ? '_blank' : undefined,
    },
    limit: state.limit,
    nextCursor: state.nextCursor,
    olderHref: (cursor) => `${state.pagePath}?before=${encodeURIComponent(cursor)}`,
    latestHref: state.paged ? state.pagePath : null,
    titleCounter: !embedded,
    onStory: (next) => {
      document.documentElement.lang = next.language;
      document.documentElement.dir = next.direction ?? directionOf(next.language);
      if (ld) {
        ld = withStory(ld, next, { pageUrl: state.pageUrl, ...state.site });
        writeLd();
      }
    },
    onEntry: (id, entry, at) => {
      // Search engines that run scripts see the same updates as readers; older pages keep theirs.
      if (!ld || state.paged) return;
      ld = withEntry(ld, id, entry, at, state.jsonLdLimit);
      writeLd();
    },
  });
  liveConnection(base).follow(story.id, state.seq, view.sink());

  if (embedded) reportHeight();
  else {
    void revealAnchor(view);
    // Key events link to entries that may sit on an older page.
    window.addEventListener('hashchange', () => void revealAnchor(view));
  }
}

/** A permalink to an entry beyond the first page: page back until it shows up. */
async function revealAnchor(view: TimelineView): Promise<void> {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id.startsWith('entry-') || document.getElementById(id)) return;
  for (let i = 0; i < MAX_PAGES_FOR_ANCHOR && !document.getElementById(id); i++) {
    const older = document.querySelector<HTMLAnchorElement>('.ll-older');
    if (!older || older.hidden) return;
    await view.loadOlder();
  }
  document.getElementById(id)?.scrollIntoView({ block: 'start' });
}

/** Tells the host page (embed-host.js) how tall the timeline is, whenever that changes. */
function reportHeight(): void {
  if (window.parent === window) return;
  let last = -1;
  const post = (force = false) => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last && !force) return;
    last = height;
    // Only a height crosses the frame, so any host may hear it.
    window.parent.postMessage({ type: 'liveline:resize', height }, '*');
  };
  new ResizeObserver(() => post()).observe(document.body);
  window.addEventListener('message', (e) => {
    if (e.source === window.parent && (e.data as { type?: string } | null)?.type === 'liveline:measure') post(true);
  });
  post(true);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
