import { roleAtLeast, type Story } from '@liveline/contracts';
import { api, describeError, session } from '../api';
import { h, mount, preserveFocus, labelCells } from '../dom';
import { formatTime, t } from '../i18n';
import { followAllStories } from '../live';
import { href, type View } from '../router';

// Reader counts are a glance, not a feed: a slow poll keeps them honest without load.
const REFRESH_MS = 10_000;

export function statusBadge(status: string, key: 'storyStatus' | 'entryStatus'): HTMLElement {
  return h('span', { class: `status status-${status}` }, t(`${key}.${status}` as any));
}

export function storiesView(): View {
  const user = session.user!;
  const isEditor = roleAtLeast(user.role, 'editor');
  const body = h('div', { class: 'table-wrap' }, h('p', { class: 'muted' }, '…'));
  const readers = new Map<string, number>();
  let stories: Story[] = [];
  let disposed = false;

  const render = () => preserveFocus(body, renderTable);
  const renderTable = () => {
    if (!stories.length) return mount(body, h('p', { class: 'muted' }, t('stories.empty')));
    const rows = stories.map((s) =>
      h(
        'tr',
        { dataset: { slug: s.slug } },
        h(
          'th',
          { scope: 'row' },
          h(
            'a',
            {
              href: href(`/stories/${encodeURIComponent(s.slug)}`),
              class: 'story-link',
              dataset: { key: `${s.id}:open` },
            },
            h('bdi', null, s.title),
          ),
        ),
        h('td', null, statusBadge(s.status, 'storyStatus')),
        h(
          'td',
          null,
          h('bdi', null, s.language),
          ' ',
          h('span', { class: 'muted' }, `(${t(`dir.${s.direction}` as any)})`),
        ),
        isEditor
          ? h('td', { class: 'num readers', 'aria-live': 'off' }, readers.has(s.id) ? String(readers.get(s.id)) : '–')
          : null,
        h('td', null, formatTime(s.updatedAt, undefined, s.timeZone)),
        h(
          'td',
          { class: 'row-actions' },
          isEditor
            ? h(
                'a',
                { href: href(`/stories/${encodeURIComponent(s.slug)}/settings`), dataset: { key: `${s.id}:settings` } },
                t('stories.settings'),
              )
            : null,
          s.status !== 'draft'
            ? h(
                'a',
                {
                  href: `/stories/${encodeURIComponent(s.slug)}`,
                  target: '_blank',
                  rel: 'noopener',
                  dataset: { key: `${s.id}:reader` },
                },
                t('stories.readerPage'),
              )
            : null,
        ),
      ),
    );
    mount(
      body,
      h(
        'table',
        { class: 'stories' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, t('stories.colTitle')),
            h('th', { scope: 'col' }, t('stories.colStatus')),
            h('th', { scope: 'col' }, t('stories.colLanguage')),
            isEditor ? h('th', { scope: 'col', class: 'num' }, t('stories.colReaders')) : null,
            h('th', { scope: 'col' }, t('stories.colUpdated')),
            h('th', { scope: 'col' }, t('stories.colActions')),
          ),
        ),
        h('tbody', null, rows),
      ),
    );
    labelCells(body.querySelector('table'));
  };

  const load = async () => {
    try {
      stories = (await api.stories()).items;
      if (disposed) return;
      render();
      if (isEditor) {
        const counts = await Promise.all(
          stories.slice(0, 50).map((s) =>
            api.presence(s.id).then(
              (p) => [s.id, p.readers] as const,
              () => null,
            ),
          ),
        );
        for (const c of counts) if (c) readers.set(c[0], c[1]);
        if (!disposed) render();
      }
    } catch (err) {
      if (!disposed && !stories.length)
        mount(body, h('p', { class: 'form-error', role: 'alert' }, describeError(err, t)));
    }
  };

  void load();
  const timer = window.setInterval(load, REFRESH_MS);
  // New stories and status changes by other editors show up at once, not at the next poll.
  let queued: number | undefined;
  const stopFollowing = followAllStories(session.token!, () => {
    window.clearTimeout(queued);
    queued = window.setTimeout(load, 200);
  });
  const el = h(
    'section',
    { class: 'page', 'aria-labelledby': 'stories-title' },
    h(
      'div',
      { class: 'page-head' },
      h('h1', { id: 'stories-title' }, t('stories.title')),
      isEditor ? h('a', { class: 'button primary', href: href('/stories/new') }, t('stories.new')) : null,
    ),
    body,
  );
  return {
    el,
    title: t('stories.title'),
    dispose: () => {
      disposed = true;
      window.clearInterval(timer);
      window.clearTimeout(queued);
      stopFollowing();
    },
  };
}
