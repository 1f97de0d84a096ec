import { directionOf, type Story } from '@liveline/contracts';
import { cleanBody } from './body-html';
import { h } from './dom';
import { formatTime } from './i18n';

export interface PreviewEntry {
  id?: string;
  headline: string;
  body: string;
  occurredAt: string | null;
  keyEvent: boolean;
  pinned: boolean;
}

// Badges are part of the story, so they follow the story's language, not the interface's.
const BADGES: Record<string, { key: string; pinned: string }> = {
  ar: { key: 'حدث رئيسي', pinned: 'مثبّت' },
  en: { key: 'Key event', pinned: 'Pinned' },
  fr: { key: 'Événement clé', pinned: 'Épinglé' },
};

function badgesFor(language: string) {
  return BADGES[language.split('-')[0].toLowerCase()] ?? BADGES.en;
}

/** One entry with the reader page's markup: lang and dir of the story, sanitized body. */
export function renderEntry(entry: PreviewEntry, story: Pick<Story, 'language'>): HTMLElement {
  const badges = badgesFor(story.language);
  const when = entry.occurredAt ?? new Date().toISOString();
  const body = h('div', { class: 'entry-body' });
  // cleanBody keeps only the allow-listed tags and http(s) URLs, so this is safe to insert.
  body.innerHTML = cleanBody(entry.body);
  return h(
    'article',
    {
      class: `entry${entry.keyEvent ? ' key-event' : ''}${entry.pinned ? ' pinned' : ''}`,
      lang: story.language,
      dir: directionOf(story.language),
    },
    h(
      'header',
      { class: 'entry-meta' },
      h('time', { datetime: when }, formatTime(when, story.language)),
      entry.pinned ? h('span', { class: 'badge pin' }, badges.pinned) : null,
      entry.keyEvent ? h('span', { class: 'badge key' }, badges.key) : null,
    ),
    entry.headline ? h('h3', { class: 'entry-headline' }, entry.headline) : null,
    body,
  );
}
