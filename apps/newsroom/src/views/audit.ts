import type { Story, User } from '@liveline/contracts';
import { api, describeError, type AuditItem } from '../api';
import { field, h, labelCells, mount, uid } from '../dom';
import { formatTime, t } from '../i18n';
import type { View } from '../router';

const PAGE = 50;

/** Admins: who did what, newest first, filtered by story and by user. */
export function auditView(): View {
  const storySelect = h('select', { name: 'story', id: uid('story') }, h('option', { value: '' }, t('audit.any')));
  const userSelect = h('select', { name: 'user', id: uid('user') }, h('option', { value: '' }, t('audit.any')));
  const body = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', hidden: true }, t('audit.more'));
  const stories = new Map<string, Story>();
  let last: string | undefined;

  const targetOf = (item: AuditItem): string => {
    const storyId = item.targetType === 'story' ? item.targetId : (item.details.storyId as string | undefined);
    const story = storyId ? stories.get(storyId) : undefined;
    let what = '';
    if (item.targetType === 'entry') what = `#${item.targetId.slice(0, 8)}`;
    else if (item.targetType === 'user') what = String(item.details.email ?? item.targetId.slice(0, 8));
    return [story?.title, what].filter(Boolean).join(' · ');
  };

  const row = (item: AuditItem) => {
    const story = stories.get(item.targetType === 'story' ? item.targetId : String(item.details.storyId ?? ''));
    return h(
      'tr',
      null,
      h('td', null, formatTime(item.at, undefined, story?.timeZone)),
      h('td', null, h('bdi', null, item.actorName ?? t('audit.system'))),
      h('td', null, h('code', { dir: 'ltr' }, item.action)),
      h('td', null, h('bdi', null, targetOf(item))),
    );
  };

  const load = async (append: boolean) => {
    if (!append) last = undefined;
    status.textContent = '…';
    try {
      const { items } = await api.audit({
        storyId: storySelect.value,
        actorId: userSelect.value,
        before: last,
        limit: PAGE,
      });
      if (append) body.append(...items.map(row));
      else mount(body, items.map(row));
      labelCells(table.querySelector('table'));
      last = items.at(-1)?.id;
      more.hidden = items.length < PAGE;
      status.textContent = !append && !items.length ? t('audit.empty') : '';
    } catch (err) {
      status.textContent = describeError(err, t);
    }
  };

  const init = async () => {
    const [storyList, users] = await Promise.all([
      api.stories().catch(() => ({ items: [] as Story[] })),
      api.users().catch(() => [] as User[]),
    ]);
    for (const s of storyList.items) {
      stories.set(s.id, s);
      storySelect.append(h('option', { value: s.id }, s.title));
    }
    for (const u of Array.isArray(users) ? users : users.items) userSelect.append(h('option', { value: u.id }, u.name));
    await load(false);
  };
  storySelect.addEventListener('change', () => void load(false));
  userSelect.addEventListener('change', () => void load(false));
  more.addEventListener('click', () => void load(true));
  void init();

  const filters = h(
    'div',
    { class: 'grid-2 filters' },
    field(t('audit.story'), storySelect),
    field(t('audit.user'), userSelect),
  );
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'audit' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.target')].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      body,
    ),
  );
  return {
    el: h(
      'section',
      { class: 'page', 'aria-labelledby': 'audit-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'audit-title' }, t('audit.title'))),
      filters,
      status,
      table,
      more,
    ),
    title: t('audit.title'),
  };
}
