import { roleAtLeast, type Entry, type EntryStatus, type Story, type User } from '@liveline/contracts';
import { api, ApiError, describeError } from '../api';
import { h, mount, preserveFocus, uid, edgeIndex } from '../dom';
import { formatTime, t, type MessageKey } from '../i18n';
import { renderEntry } from '../preview';
import { announce, confirmDialog, fromLocalInput, infoDialog, tNodes, toLocalInput } from '../ui';
import { statusBadge } from './stories';

interface ListState {
  items: Entry[];
  nextCursor: string | null;
}

export interface EntryLists {
  el: HTMLElement;
  refresh(): Promise<void>;
}

interface Tab {
  status: EntryStatus;
  label: MessageKey;
}

/** The story's entries by status, as tabs: timeline, submissions queue, scheduled, drafts. */
export function createEntryLists(
  story: Story,
  user: User,
  onEdit: (entry: Entry) => void,
  onDeleted: (id: string) => void,
): EntryLists {
  const isEditor = roleAtLeast(user.role, 'editor');
  const tabs: Tab[] = [
    { status: 'published', label: 'tabs.timeline' },
    { status: 'submitted', label: 'tabs.submissions' },
    ...(isEditor
      ? ([
          { status: 'scheduled', label: 'tabs.scheduled' },
          { status: 'draft', label: 'tabs.drafts' },
        ] as Tab[])
      : []),
  ];
  const state = new Map<EntryStatus, ListState>(tabs.map((tab) => [tab.status, { items: [], nextCursor: null }]));
  const base = uid('tabs');
  let selected: EntryStatus = 'published';

  const tabButtons = tabs.map((tab, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${base}-tab-${tab.status}`,
        'aria-controls': `${base}-panel-${tab.status}`,
        dataset: { status: tab.status },
        onclick: () => select(tab.status, false),
        onkeydown: (e: KeyboardEvent) => {
          // Arrow keys move between tabs (mirrored in right-to-left layouts), Home/End jump.
          const rtl = getComputedStyle(tabList).direction === 'rtl';
          const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
          const next = step !== undefined ? (i + step + tabs.length) % tabs.length : edgeIndex(e.key, tabs.length);
          if (next < 0) return;
          e.preventDefault();
          select(tabs[next].status, true);
        },
      },
      t(tab.label),
    ),
  );
  const tabList = h('div', { role: 'tablist', 'aria-label': t('desk.lists'), class: 'tabs' }, tabButtons);
  const panels = tabs.map((tab) =>
    h('div', {
      role: 'tabpanel',
      id: `${base}-panel-${tab.status}`,
      'aria-labelledby': `${base}-tab-${tab.status}`,
      tabindex: '0',
      class: 'tab-panel',
    }),
  );

  function select(status: EntryStatus, focus: boolean) {
    selected = status;
    tabs.forEach((tab, i) => {
      const on = tab.status === status;
      tabButtons[i].setAttribute('aria-selected', String(on));
      tabButtons[i].tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) tabButtons[tabs.findIndex((tab) => tab.status === status)].focus();
  }
  select(selected, false);

  // The versions this desk's own changes produced. A button rendered before the list refreshed
  // still holds the entry as it was; acting on it again (a move, then at once a cancel) must
  // not be refused as a conflict with oneself. Someone else's change still is.
  const ownVersions = new Map<string, number>();
  const versionOf = (entry: Entry) => Math.max(entry.version, ownVersions.get(entry.id) ?? 0);

  const updateEntry = async (entry: Entry, patch: Parameters<typeof api.updateEntry>[3], done: MessageKey) => {
    let ok = false;
    try {
      const updated = await api.updateEntry(story.id, entry.id, versionOf(entry), patch);
      ownVersions.set(entry.id, updated.version);
      ok = true;
    } catch (err) {
      announce(err instanceof ApiError && err.status === 412 ? t('conflict.list') : describeError(err, t), 'error');
    }
    await refresh();
    // Said once the list shows the change, so what is announced is what is on screen.
    if (ok) announce(t(done));
  };

  const remove = async (entry: Entry) => {
    if (!(await confirmDialog(t('act.confirmDelete'), t('act.delete')))) return;
    try {
      await api.deleteEntry(story.id, entry.id, versionOf(entry));
      onDeleted(entry.id);
      announce(t('act.deleted'));
    } catch (err) {
      announce(err instanceof ApiError && err.status === 412 ? t('conflict.list') : describeError(err, t), 'error');
    }
    await refresh();
  };

  const showHistory = async (entry: Entry) => {
    try {
      const { items } = await api.revisions(story.id, entry.id);
      const rows = [...items].sort((a, b) => b.version - a.version);
      infoDialog(
        t('history.title'),
        rows.length
          ? h(
              'ol',
              { class: 'history', reversed: true },
              rows.map((r) =>
                h(
                  'li',
                  null,
                  h(
                    'p',
                    null,
                    tNodes('history.row', {
                      v: r.version,
                      status: t(`entryStatus.${r.status}` as MessageKey),
                      name: r.actor?.name ?? '',
                      time: formatTime(r.at, undefined, story.timeZone || 'UTC'),
                    }),
                  ),
                  r.headline ? h('p', { class: 'muted', lang: story.language, dir: 'auto' }, r.headline) : null,
                ),
              ),
            )
          : h('p', null, t('history.empty')),
      );
    } catch (err) {
      announce(describeError(err, t), 'error');
    }
  };

  // Actions may be async: each shows its own failure (updateEntry reports through the status line).
  const act = (entry: Entry, name: string, label: string, action: () => unknown, extra: Record<string, unknown> = {}) =>
    h(
      'button',
      { type: 'button', dataset: { key: `${entry.id}:${name}`, action: name }, onclick: () => void action(), ...extra },
      label,
    );

  const controls = (entry: Entry): HTMLElement[] => {
    const mine = entry.author?.id === user.id;
    const out: HTMLElement[] = [];
    if (!isEditor) {
      if (mine && entry.status !== 'published') out.push(act(entry, 'edit', t('act.edit'), () => onEdit(entry)));
      return out;
    }
    if (entry.status === 'submitted')
      out.push(
        act(entry, 'approve', t('act.approve'), () => updateEntry(entry, { status: 'published' }, 'act.approved'), {
          class: 'primary',
        }),
      );
    if (entry.status === 'draft')
      out.push(
        act(entry, 'publish', t('act.publishNow'), () => updateEntry(entry, { status: 'published' }, 'act.published'), {
          class: 'primary',
        }),
      );
    out.push(act(entry, 'edit', t('act.edit'), () => onEdit(entry)));
    if (entry.status === 'published') {
      out.push(
        act(
          entry,
          'pin',
          t('act.pin'),
          () => updateEntry(entry, { pinned: !entry.pinned }, entry.pinned ? 'act.unpinned' : 'act.pinned'),
          {
            'aria-pressed': String(entry.pinned),
          },
        ),
        act(
          entry,
          'key',
          t('act.keyEvent'),
          () => updateEntry(entry, { keyEvent: !entry.keyEvent }, entry.keyEvent ? 'act.keyOff' : 'act.keyOn'),
          {
            'aria-pressed': String(entry.keyEvent),
          },
        ),
        act(entry, 'unpublish', t('act.unpublish'), () => updateEntry(entry, { status: 'draft' }, 'act.unpublished')),
      );
    }
    if (entry.status === 'scheduled') {
      out.push(
        act(entry, 'publish', t('act.publishNow'), () => updateEntry(entry, { status: 'published' }, 'act.published')),
        act(entry, 'unschedule', t('act.cancelSchedule'), () =>
          updateEntry(entry, { status: 'draft', scheduledAt: null }, 'act.cancelled'),
        ),
      );
    }
    out.push(act(entry, 'history', t('act.history'), () => void showHistory(entry)));
    out.push(act(entry, 'delete', t('act.delete'), () => void remove(entry), { class: 'danger' }));
    return out;
  };

  // Times typed into "move" fields survive the re-renders that live changes cause.
  const moveDrafts = new Map<string, string>();
  const moveForm = (entry: Entry): HTMLElement => {
    const input = h('input', {
      type: 'datetime-local',
      dataset: { key: `${entry.id}:when` },
      value: moveDrafts.get(entry.id) ?? toLocalInput(entry.scheduledAt, story.timeZone || 'UTC'),
      oninput: () => moveDrafts.set(entry.id, input.value),
    });
    return h(
      'form',
      {
        class: 'move-schedule',
        onsubmit: (e: SubmitEvent) => {
          e.preventDefault();
          const at = fromLocalInput(input.value, story.timeZone || 'UTC');
          if (!at || new Date(at).getTime() <= Date.now()) return announce(t('composer.needTime'), 'error');
          moveDrafts.delete(entry.id);
          void updateEntry(entry, { status: 'scheduled', scheduledAt: at }, 'act.moved');
        },
      },
      h('label', null, h('span', null, t('act.moveTo')), input),
      h('button', { type: 'submit', dataset: { key: `${entry.id}:move` } }, t('act.move')),
    );
  };

  const item = (entry: Entry): HTMLElement => {
    const groupLabel = `${t('entry.actions')}: ${entry.headline || formatTime(entry.occurredAt, undefined, story.timeZone || 'UTC')}`;
    return h(
      'li',
      { class: `entry-item is-${entry.status}`, id: `nr-entry-${entry.id}`, dataset: { entryId: entry.id } },
      renderEntry(entry, story),
      h(
        'p',
        { class: 'entry-admin' },
        statusBadge(entry.status, 'entryStatus'),
        ' ',
        h('span', null, t('entry.version', { v: entry.version })),
        entry.status === 'scheduled' && entry.scheduledAt
          ? [
              ' · ',
              h(
                'strong',
                null,
                t('entry.scheduledFor', { time: formatTime(entry.scheduledAt, undefined, story.timeZone || 'UTC') }),
              ),
            ]
          : null,
      ),
      entry.status === 'scheduled' && isEditor ? moveForm(entry) : null,
      h('div', { class: 'entry-actions', role: 'group', 'aria-label': groupLabel }, controls(entry)),
    );
  };

  const render = () => {
    tabs.forEach((tab, i) => {
      const s = state.get(tab.status)!;
      tabButtons[i].textContent = `${t(tab.label)} (${s.items.length}${s.nextCursor ? '+' : ''})`;
      preserveFocus(panels[i], () =>
        mount(
          panels[i],
          s.items.length
            ? h('ol', { class: 'entry-list' }, s.items.map(item))
            : h('p', { class: 'muted' }, t('list.empty')),
          s.nextCursor
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'more',
                  dataset: { key: `${tab.status}:more` },
                  onclick: () => loadMore(tab.status),
                },
                t('list.more'),
              )
            : null,
        ),
      );
    });
  };

  const loadMore = async (status: EntryStatus) => {
    const s = state.get(status)!;
    try {
      const page = await api.entries(story.id, status, s.nextCursor);
      s.items = [...s.items, ...page.items.filter((e) => !s.items.some((x) => x.id === e.id))];
      s.nextCursor = page.nextCursor;
      render();
    } catch (err) {
      announce(describeError(err, t), 'error');
    }
  };

  // Changes arrive in bursts (pin + unpin): coalesce them, and never run two refreshes at once.
  let running: Promise<void> | null = null;
  let again = false;
  async function refresh(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const pages = await Promise.all(
          tabs.map((tab) => api.entries(story.id, tab.status).catch((err) => err as Error)),
        );
        pages.forEach((page, i) => {
          if (page instanceof Error) return;
          const s = state.get(tabs[i].status)!;
          // Keep older pages the user loaded, minus whatever the first page now holds.
          const older =
            s.nextCursor && page.nextCursor
              ? s.items.slice(page.items.length).filter((e) => !page.items.some((x) => x.id === e.id))
              : [];
          s.items = [...page.items, ...older];
          if (!older.length) s.nextCursor = page.nextCursor;
        });
        render();
      } while (again);
    })().finally(() => (running = null));
    return running;
  }

  return {
    el: h('section', { class: 'lists card' }, tabList, panels),
    refresh,
  };
}
