import { roleAtLeast, type Story } from '@liveline/contracts';
import { api, describeError, session } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';
import { followStory, type StoryChange } from '../live';
import { href, type View } from '../router';
import { createComposer, type Composer } from './composer';
import { createEntryLists, type EntryLists } from './entry-lists';
import { statusBadge } from './stories';

const PRESENCE_MS = 10_000;

/** One story's desk: composer and preview beside the timeline and the queues, all live. */
export function deskView(ref: string): View {
  const user = session.user!;
  const isEditor = roleAtLeast(user.role, 'editor');
  const root = h('section', { class: 'page desk-page' }, h('p', { class: 'muted' }, '…'));
  const readers = h('span', { class: 'readers', 'aria-live': 'off' });
  const connection = h('span', { class: 'connection offline' }, t('desk.reconnecting'));
  const titleEl = h('h1', { class: 'story-title' });
  const statusEl = h('span');
  let composer: Composer | null = null;
  let lists: EntryLists | null = null;
  let stopFollowing: (() => void) | null = null;
  let presenceTimer: number | undefined;
  let disposed = false;

  const showStory = (story: Story) => {
    titleEl.textContent = story.title;
    titleEl.lang = story.language;
    titleEl.dir = story.direction;
    mount(statusEl, statusBadge(story.status, 'storyStatus'));
    document.title = `${story.title} · ${t('app')}`;
  };

  const pollPresence = async (story: Story) => {
    try {
      const { readers: n } = await api.presence(story.id);
      readers.textContent = t('desk.readers', { n });
    } catch {
      readers.textContent = '';
    }
  };

  const start = async () => {
    let story: Story;
    try {
      story = await api.story(ref);
    } catch (err) {
      mount(root, h('p', { class: 'form-error', role: 'alert' }, describeError(err, t)));
      return;
    }
    if (disposed) return;
    showStory(story);
    composer = createComposer(story, user, () => void lists?.refresh());
    lists = createEntryLists(
      story,
      user,
      (entry) => composer!.edit(entry),
      (id) => composer!.forget(id),
    );
    mount(
      root,
      h(
        'header',
        { class: 'desk-head' },
        titleEl,
        h(
          'p',
          { class: 'desk-meta' },
          statusEl,
          isEditor ? readers : null,
          connection,
          isEditor
            ? h('a', { href: href(`/stories/${encodeURIComponent(story.slug)}/settings`) }, t('desk.settings'))
            : null,
          h(
            'a',
            { href: `/stories/${encodeURIComponent(story.slug)}`, target: '_blank', rel: 'noopener' },
            t('desk.readerPage'),
          ),
        ),
      ),
      h(
        'div',
        { class: 'desk' },
        h('div', { class: 'compose-col' }, composer.el, composer.preview),
        h('div', { class: 'lists-col' }, lists.el),
      ),
    );
    void lists.refresh();
    if (isEditor) {
      void pollPresence(story);
      presenceTimer = window.setInterval(() => pollPresence(story), PRESENCE_MS);
    }
    stopFollowing = followStory(
      story.id,
      session.token!,
      (change: StoryChange) => {
        if (change.kind === 'public' && change.event.type === 'story.updated' && change.event.story)
          showStory(change.event.story);
        if (change.kind === 'story' || change.kind === 'resync')
          void api.story(story.id).then(showStory, () => undefined);
        if (change.kind === 'entry') composer?.remoteChange(change.entryId, change.version);
        if (change.kind === 'public') {
          const e = change.event;
          composer?.remoteChange(e.entry?.id ?? e.entryId ?? '', e.entry?.version);
        }
        void lists?.refresh();
      },
      (connected) => {
        connection.className = `connection ${connected ? 'online' : 'offline'}`;
        connection.textContent = connected ? t('desk.connected') : t('desk.reconnecting');
      },
    );
  };

  void start();
  return {
    el: root,
    title: ref,
    dispose: () => {
      disposed = true;
      stopFollowing?.();
      window.clearInterval(presenceTimer);
      composer?.dispose();
    },
  };
}
