import { directionOf, roleAtLeast, type Entry, type EntryStatus, type Story, type User } from '@liveline/contracts';
import { api, ApiError, describeError, NetworkError, newIdempotencyKey, type EntryInput } from '../api';
import { imagesWithoutAlt, isEmptyBody } from '../body-html';
import { checkbox, field, h, mount, uid } from '../dom';
import { createBodyEditor } from '../editor';
import { formatTime, t } from '../i18n';
import { renderEntry } from '../preview';
import { changedFields, reapply, type EditableFields } from '../reapply';
import { fromLocalInput, tNodes, toLocalInput, zoneName } from '../ui';

type Action = 'publish' | 'draft' | 'schedule' | 'submit' | 'save';

export interface Composer {
  el: HTMLElement;
  preview: HTMLElement;
  edit(entry: Entry): void;
  /** Another editor (or we, in another tab) changed an entry. */
  remoteChange(entryId: string, version: number | undefined): void;
  /** The entry is gone (deleted here); stop editing it. */
  forget(entryId: string): void;
  dispose(): void;
}

interface Saved {
  editing: Entry | null;
  base: EditableFields;
  fields: EditableFields;
  scheduleAt: string;
  idempotencyKey: string;
}

const EMPTY: EditableFields = { headline: '', body: '', occurredAt: '', keyEvent: false, pinned: false };

export function createComposer(story: Story, user: User, onSaved: (entry: Entry) => void): Composer {
  const isEditor = roleAtLeast(user.role, 'editor');
  const dir = directionOf(story.language);
  // occurredAt and scheduledAt are typed and shown in the story's zone, whatever the browser's.
  const zone = story.timeZone || 'UTC';
  const storageKey = `liveline.newsroom.compose.${story.id}.${user.id}`;
  const titleId = uid('h');
  const bodyLabelId = uid('lbl');

  // The entry being edited as last loaded from the server, and its fields as loaded.
  let editing: Entry | null = null;
  let base: EditableFields = { ...EMPTY };
  // One key per entry being created; kept across retries and failed sends so a repeat never posts twice.
  let idempotencyKey = newIdempotencyKey();
  let busy = false;

  const heading = h('h2', { id: titleId }, t('composer.new'));
  const headline = h('input', {
    type: 'text',
    name: 'headline',
    dir,
    lang: story.language,
    maxlength: 300,
    autocomplete: 'off',
  });
  const editor = createBodyEditor(bodyLabelId, dir, story.language, () => changed());
  const occurredAt = h('input', { type: 'datetime-local', name: 'occurredAt' });
  const keyEvent = h('input', { name: 'keyEvent' });
  const pinned = h('input', { name: 'pinned' });
  const scheduleAt = h('input', { type: 'datetime-local', name: 'scheduledAt' });
  const status = h('p', { class: 'composer-status', role: 'status', 'aria-live': 'polite' });
  const notice = h('div', { class: 'composer-notice' });
  const conflictBox = h('div', { class: 'conflict-slot' });
  const actions = h('div', { class: 'actions composer-actions', role: 'group', 'aria-label': t('composer.actions') });
  const previewBody = h('div', { class: 'preview-body' });
  const preview = h(
    'section',
    { class: 'preview card', 'aria-labelledby': `${titleId}-preview` },
    h('h2', { id: `${titleId}-preview` }, t('preview.title')),
    previewBody,
  );

  const readFields = (): EditableFields => ({
    headline: headline.value.trim(),
    body: editor.getHtml(),
    occurredAt: occurredAt.value,
    keyEvent: keyEvent.checked,
    pinned: isEditor ? pinned.checked : base.pinned,
  });

  const writeFields = (f: EditableFields) => {
    headline.value = f.headline;
    editor.setHtml(f.body);
    occurredAt.value = f.occurredAt;
    keyEvent.checked = f.keyEvent;
    pinned.checked = f.pinned;
  };

  const fieldsOf = (entry: Entry): EditableFields => {
    // Round-trip the body through the editor so "unchanged" compares like with like.
    editor.setHtml(entry.body);
    return {
      headline: entry.headline ?? '',
      body: editor.getHtml(),
      occurredAt: toLocalInput(entry.occurredAt, zone),
      keyEvent: entry.keyEvent,
      pinned: entry.pinned,
    };
  };

  let previewQueued = false;
  const renderPreview = () => {
    previewQueued = false;
    const f = readFields();
    if (!f.headline && isEmptyBody(f.body))
      return mount(previewBody, h('p', { class: 'muted', dir: 'auto' }, t('preview.empty')));
    mount(
      previewBody,
      renderEntry(
        {
          headline: f.headline,
          body: f.body,
          occurredAt: fromLocalInput(f.occurredAt, zone) ?? editing?.occurredAt ?? null,
          keyEvent: f.keyEvent,
          pinned: f.pinned,
        },
        story,
      ),
    );
  };

  let saveTimer: number | undefined;
  const persist = () => {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => {
      const fields = readFields();
      const dirty = editing
        ? changedFields(base, fields).length > 0
        : fields.headline !== '' || !isEmptyBody(fields.body);
      if (!dirty) return localStorage.removeItem(storageKey);
      const saved: Saved = { editing, base, fields, scheduleAt: scheduleAt.value, idempotencyKey };
      localStorage.setItem(storageKey, JSON.stringify(saved));
    }, 300);
  };

  function changed() {
    if (!previewQueued) {
      previewQueued = true;
      requestAnimationFrame(renderPreview);
    }
    persist();
  }

  const setStatus = (text: string, tone: 'ok' | 'error' | 'busy' = 'ok') => {
    status.textContent = text;
    status.className = `composer-status ${tone}`;
  };

  const button = (label: string, action: Action, cls = '', shortcut?: string) =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        onclick: () => void run(action),
        'aria-keyshortcuts': shortcut,
        title: shortcut ? `${label} (${shortcut.replace('Control', 'Ctrl')})` : undefined,
      },
      label,
    );

  const renderActions = () => {
    const buttons: HTMLElement[] = [];
    const scheduleRow = h(
      'div',
      { class: 'schedule-row' },
      field(t('composer.scheduleAt'), scheduleAt, t('composer.zoneHint', { zone: zoneName(zone) })),
      button(t('composer.schedule'), 'schedule'),
    );
    if (!isEditor) {
      buttons.push(
        button(
          editing ? t('composer.update') : t('composer.submit'),
          editing ? 'save' : 'submit',
          'primary',
          'Control+Enter',
        ),
      );
    } else if (editing?.status === 'published') {
      buttons.push(button(t('composer.update'), 'save', 'primary', 'Control+Enter'));
    } else {
      buttons.push(button(t('composer.publish'), 'publish', 'primary', 'Control+Enter'));
      buttons.push(
        button(editing ? t('composer.update') : t('composer.saveDraft'), editing ? 'save' : 'draft', '', 'Control+S'),
      );
    }
    if (editing) buttons.push(h('button', { type: 'button', onclick: () => stopEditing() }, t('composer.cancelEdit')));
    mount(
      actions,
      h('div', { class: 'button-row' }, buttons),
      isEditor && editing?.status !== 'published' ? scheduleRow : null,
    );
    heading.textContent = editing
      ? t('composer.editing', { v: editing.version, status: t(`entryStatus.${editing.status}` as any) })
      : t('composer.new');
  };

  const reset = () => {
    editing = null;
    base = { ...EMPTY };
    writeFields(EMPTY);
    scheduleAt.value = '';
    idempotencyKey = newIdempotencyKey();
    mount(conflictBox);
    mount(notice);
    localStorage.removeItem(storageKey);
    renderActions();
    renderPreview();
  };

  const load = (entry: Entry, fields?: EditableFields) => {
    editing = entry;
    base = fieldsOf(entry);
    writeFields(fields ?? base);
    scheduleAt.value = toLocalInput(entry.scheduledAt, zone);
    mount(conflictBox);
    mount(notice);
    renderActions();
    renderPreview();
  };

  function stopEditing() {
    reset();
    setStatus('');
    headline.focus();
  }

  const buildInput = (action: Action): EntryInput | null => {
    const f = readFields();
    const wanted: Partial<Record<Action, EntryStatus>> = {
      publish: 'published',
      draft: 'draft',
      schedule: 'scheduled',
      submit: 'submitted',
    };
    const input: EntryInput = {};
    if (!editing) {
      input.body = f.body;
      if (f.headline) input.headline = f.headline;
      if (f.occurredAt) input.occurredAt = fromLocalInput(f.occurredAt, zone) ?? undefined;
      if (f.keyEvent) input.keyEvent = true;
      if (isEditor && f.pinned) input.pinned = true;
      input.status = wanted[action] ?? 'submitted';
    } else {
      // Only what the user changed goes out: together with If-Match nothing else is overwritten.
      for (const k of changedFields(base, f)) {
        // A cleared time goes back to "when published" (null), as the API defines.
        if (k === 'occurredAt') input.occurredAt = fromLocalInput(f.occurredAt, zone);
        else (input as Record<string, unknown>)[k] = f[k];
      }
      const next = wanted[action];
      if (next && next !== editing.status) input.status = next;
    }
    if (action === 'schedule') {
      const at = fromLocalInput(scheduleAt.value, zone);
      if (!at || new Date(at).getTime() <= Date.now()) {
        setStatus(t('composer.needTime'), 'error');
        scheduleAt.focus();
        return null;
      }
      input.status = 'scheduled';
      input.scheduledAt = at;
    }
    return input;
  };

  const successMessage = (entry: Entry, action: Action): string => {
    if (action === 'save') return t('composer.updated');
    if (entry.status === 'published') return t('composer.published');
    if (entry.status === 'scheduled')
      return t('composer.scheduled', { time: formatTime(entry.scheduledAt, undefined, zone) });
    if (entry.status === 'submitted') return t('composer.submitted');
    return t('composer.draftSaved');
  };

  // Ctrl+Enter: what the composer's main button does for this person and this entry.
  function primaryAction(): Action {
    if (!isEditor) return editing ? 'save' : 'submit';
    return editing?.status === 'published' ? 'save' : 'publish';
  }

  async function run(action: Action) {
    if (busy) return;
    const f = readFields();
    if (isEmptyBody(f.body)) {
      setStatus(t('composer.emptyBody'), 'error');
      return editor.focus();
    }
    // Alt text is required before an entry goes out (a draft may wait for it).
    if (action !== 'draft' && imagesWithoutAlt(f.body) > 0) {
      setStatus(t('media.missingAlt'), 'error');
      return editor.focus();
    }
    const input = buildInput(action);
    if (!input) return;
    if (editing && !Object.keys(input).length) return setStatus(t('composer.noChanges'));
    busy = true;
    actions.setAttribute('aria-busy', 'true');
    setStatus(t('composer.sending'), 'busy');
    try {
      const entry = editing
        ? await api.updateEntry(story.id, editing.id, editing.version, input)
        : await api.createEntry(story.id, input, idempotencyKey, (n) =>
            setStatus(t('composer.retrying', { n }), 'busy'),
          );
      reset();
      setStatus(successMessage(entry, action));
      onSaved(entry);
      headline.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        const current =
          (err.body?.current as Entry | undefined) ?? (await api.entry(story.id, editing!.id).catch(() => null));
        setStatus('');
        if (current) showConflict(current);
        else setStatus(describeError(err, t), 'error');
      } else if (err instanceof NetworkError) {
        // The key stays: sending again returns the entry if the first attempt did arrive.
        setStatus(t('composer.notSent'), 'error');
      } else {
        // A definite refusal created nothing, so the next attempt may use a fresh key.
        if (!editing && err instanceof ApiError && err.status < 500) idempotencyKey = newIdempotencyKey();
        setStatus(describeError(err, t), 'error');
      }
    } finally {
      busy = false;
      actions.removeAttribute('aria-busy');
      persist();
    }
  }

  function showConflict(current: Entry) {
    mount(notice);
    const mine = readFields();
    const startedFrom = editing!;
    const startedBase = base;
    const titleId2 = uid('h');
    const message = h('p', null);
    const describe = (name: string) =>
      mount(message, tNodes('conflict.message', { name, mine: startedFrom.version, theirs: current.version }));
    describe(t('conflict.someone'));
    // The latest revision names who made the change that beat ours.
    api.revisions(story.id, current.id).then(
      (r) => {
        const last = [...r.items].sort((a, b) => b.version - a.version)[0];
        if (last?.actor?.name) describe(last.actor.name);
      },
      () => undefined,
    );
    const reapplyButton = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () => {
          const merged = reapply(startedBase, mine, fieldsOf(current));
          load(current, merged);
          setStatus(t('conflict.reapplied', { v: current.version }));
          changed();
          (actions.querySelector('button.primary') as HTMLElement | null)?.focus();
        },
      },
      t('conflict.reapply'),
    );
    const discardButton = h(
      'button',
      {
        type: 'button',
        onclick: () => {
          load(current);
          localStorage.removeItem(storageKey);
          setStatus('');
          headline.focus();
        },
      },
      t('conflict.discard'),
    );
    mount(
      conflictBox,
      h(
        'section',
        { class: 'conflict', role: 'alert', 'aria-labelledby': titleId2 },
        h('h3', { id: titleId2 }, t('conflict.title')),
        message,
        h('details', null, h('summary', null, t('conflict.theirs')), renderEntry(current, story)),
        h('div', { class: 'button-row' }, reapplyButton, discardButton),
      ),
    );
    reapplyButton.focus();
  }

  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      e.preventDefault();
      void run(primaryAction());
    } else if (mod && !e.shiftKey && e.key.toLowerCase() === 's' && isEditor) {
      e.preventDefault();
      void run(editing ? 'save' : 'draft');
    } else if (e.key === 'Escape' && editing) {
      e.preventDefault();
      stopEditing();
    }
  };

  for (const input of [headline, occurredAt, keyEvent, pinned]) input.addEventListener('input', changed);
  for (const input of [keyEvent, pinned]) input.addEventListener('change', changed);

  const form = h(
    'section',
    { class: 'composer card', 'aria-labelledby': titleId, onkeydown: onKey },
    heading,
    conflictBox,
    notice,
    field(t('composer.headline'), headline),
    h('div', { class: 'field' }, h('span', { class: 'label', id: bodyLabelId }, t('composer.body')), editor.el),
    h(
      'div',
      { class: 'grid-2' },
      field(
        t('composer.occurredAt'),
        occurredAt,
        `${t('composer.occurredHint')} ${t('composer.zoneHint', { zone: zoneName(zone) })}`,
      ),
      h(
        'div',
        { class: 'checks' },
        checkbox(t('composer.keyEvent'), keyEvent),
        isEditor ? checkbox(t('composer.pin'), pinned) : null,
      ),
    ),
    actions,
    status,
    h('p', { class: 'hint' }, t(isEditor ? 'composer.shortcuts' : 'composer.shortcutsContributor')),
  );
  // Clicking the body label focuses the editable area, as a real <label> would.
  form.querySelector(`#${bodyLabelId}`)!.addEventListener('click', () => editor.focus());

  // Restore an entry that was being written when the page went away (reload, crash, lost tab).
  const restored = (() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Saved | null;
    } catch {
      return null;
    }
  })();
  if (restored) {
    editing = restored.editing;
    base = restored.base;
    idempotencyKey = restored.idempotencyKey || idempotencyKey;
    writeFields(restored.fields);
    scheduleAt.value = restored.scheduleAt;
    setStatus(t('composer.restored'));
  }
  renderActions();
  renderPreview();

  return {
    el: form,
    preview,
    edit(entry) {
      load(entry);
      setStatus('');
      headline.focus();
      form.scrollIntoView({ block: 'start' });
    },
    remoteChange(entryId, version) {
      if (!editing || editing.id !== entryId || (version !== undefined && version <= editing.version)) return;
      if (conflictBox.childElementCount) return;
      mount(notice, h('p', { class: 'notice', role: 'status' }, t('composer.changedElsewhere', { v: version ?? '?' })));
    },
    forget(entryId) {
      if (editing?.id === entryId) reset();
    },
    dispose() {
      window.clearTimeout(saveTimer);
    },
  };
}
