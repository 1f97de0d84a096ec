import { directionOf, type Entry, type Story } from '@liveline/contracts';
// The reader surfaces' own markup, words and stylesheet: the preview is the reader page's entry.
import {
  formattingLocale,
  messagesFor,
  renderEntry as readerEntry,
  type MarkupContext,
  TIMELINE_CSS,
} from '@liveline/pages/markup';
import { cleanBody } from './body-html';
import { h } from './dom';

export interface PreviewEntry {
  id?: string;
  headline: string;
  body: string;
  occurredAt: string | null;
  keyEvent: boolean;
  pinned: boolean;
  publishedAt?: string | null;
  updatedAt?: string;
  version?: number;
  author?: { id: string; name: string };
}

let stylesAdopted = false;

// A constructed stylesheet, like the widget's: CSP's style-src does not block it, unlike <style>.
function adoptReaderStyles(): void {
  if (stylesAdopted) return;
  stylesAdopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(TIMELINE_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** One entry exactly as the reader page renders it, in the story's language and direction. */
export function renderEntry(entry: PreviewEntry, story: Pick<Story, 'language' | 'slug' | 'timeZone'>): HTMLElement {
  adoptReaderStyles();
  const now = new Date().toISOString();
  const occurredAt = entry.occurredAt ?? entry.publishedAt ?? now;
  const full: Entry = {
    id: entry.id ?? 'preview',
    storyId: '',
    headline: entry.headline ?? '',
    // The body goes in as HTML: cleanBody keeps only allow-listed tags and http(s) URLs.
    body: cleanBody(entry.body),
    occurredAt,
    // Unpublished entries show the moment they would go out if published now.
    publishedAt: entry.publishedAt ?? now,
    updatedAt: entry.updatedAt ?? now,
    keyEvent: entry.keyEvent,
    pinned: entry.pinned,
    status: 'published',
    scheduledAt: null,
    author: entry.author ?? { id: '', name: '' },
    version: entry.version ?? 1,
  };
  const ctx: MarkupContext = {
    // Absolute times in the story's zone, labelled, as readers see them.
    locale: formattingLocale(story.language, navigator.languages),
    timeZone: story.timeZone || 'UTC',
    messages: messagesFor(story.language),
    entryUrl: (id) => `/stories/${encodeURIComponent(story.slug)}#entry-${id}`,
    linkTarget: '_blank',
  };
  const root = h('div', { class: 'reader ll-root', lang: story.language, dir: directionOf(story.language) });
  root.innerHTML = readerEntry(full, ctx);
  // The newsroom shows many entries per page; reader-page anchors must stay unique to the reader page.
  root.querySelector('article')?.removeAttribute('id');
  return root;
}
