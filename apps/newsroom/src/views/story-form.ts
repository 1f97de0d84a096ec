import {
  directionOf,
  isLanguageTag,
  isTimeZone,
  STORY_STATUSES,
  type Story,
  type StoryStatus,
} from '@liveline/contracts';
import { api, ApiError, describeError, type StoryInput } from '../api';
import { field, h, uid } from '../dom';
import { t } from '../i18n';
import { href, navigate, type View } from '../router';
import { announce } from '../ui';
import { createCoverImageField } from '../cover-image-field';

const LANGUAGES: [string, string][] = [
  ['ar', 'العربية'],
  ['en', 'English'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['de', 'Deutsch'],
  ['uk', 'Українська'],
  ['ru', 'Русский'],
  ['fa', 'فارسی'],
  ['he', 'עברית'],
  ['ur', 'اردو'],
  ['tr', 'Türkçe'],
];

/** Create (no ref) or edit (ref) a story. */
export function storyFormView(ref?: string): View {
  const editing = !!ref;
  const titleId = uid('h');
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: 300 });
  const slug = h('input', {
    type: 'text',
    name: 'slug',
    pattern: '[a-z0-9]+(-[a-z0-9]+)*',
    maxlength: 120,
    dir: 'ltr',
    autocomplete: 'off',
  });
  const summary = h('textarea', { name: 'summary', rows: 3, maxlength: 2000 });
  const listId = uid('langs');
  const language = h('input', {
    type: 'text',
    name: 'language',
    list: listId,
    required: true,
    dir: 'ltr',
    autocomplete: 'off',
    value: 'ar',
  });
  const languageField = field(t('storyForm.language'), language, t('storyForm.languageHint', { dir: '' }));
  const hint = languageField.querySelector('.hint')!;
  const zoneListId = uid('zones');
  const timeZone = h('input', {
    type: 'text',
    name: 'timeZone',
    list: zoneListId,
    dir: 'ltr',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const statusGroupId = uid('status');
  const statusInputs = STORY_STATUSES.map((s) =>
    h('input', { type: 'radio', name: 'status', value: s, checked: s === 'draft' }),
  );
  const error = h('div', { class: 'form-error', role: 'alert' });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary' },
    editing ? t('storyForm.save') : t('storyForm.create'),
  );
  let original: Story | null = null;

  const syncDirection = () => {
    const tag = language.value.trim();
    hint.textContent = t('storyForm.languageHint', {
      dir: isLanguageTag(tag) ? t(`dir.${directionOf(tag)}` as any) : '–',
    });
    // The title and summary are typed in the story's language, so they follow its direction.
    const dir = isLanguageTag(tag) ? directionOf(tag) : 'auto';
    title.dir = dir;
    summary.dir = dir;
  };
  language.addEventListener('input', syncDirection);
  syncDirection();

  const selectedStatus = () => (statusInputs.find((i) => i.checked)?.value ?? 'draft') as StoryStatus;

  const cover = createCoverImageField(() => original);
  const fill = (s: Story) => {
    original = s;
    cover.show(s);
    title.value = s.title;
    slug.value = s.slug;
    summary.value = s.summary ?? '';
    language.value = s.language;
    timeZone.value = s.timeZone ?? '';
    for (const i of statusInputs) i.checked = i.value === s.status;
    syncDirection();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    error.textContent = '';
    if (!title.value.trim()) {
      error.textContent = t('storyForm.required');
      return title.focus();
    }
    if (!isLanguageTag(language.value.trim())) {
      error.textContent = t('storyForm.badLanguage');
      return language.focus();
    }
    const zone = timeZone.value.trim();
    if (zone && !isTimeZone(zone)) {
      error.textContent = t('storyForm.badTimeZone');
      return timeZone.focus();
    }
    const input: StoryInput = {
      title: title.value.trim(),
      summary: summary.value.trim(),
      language: language.value.trim(),
      status: selectedStatus(),
    };
    if (zone) input.timeZone = zone;
    if (slug.value.trim()) input.slug = slug.value.trim();
    submit.disabled = true;
    try {
      let saved: Story;
      if (original) {
        // Send only what changed, so a concurrent edit of another field is not overwritten.
        const patch: StoryInput = {};
        for (const k of Object.keys(input) as (keyof StoryInput)[]) {
          if (input[k] !== (original as any)[k]) (patch as any)[k] = input[k];
        }
        saved = Object.keys(patch).length ? await api.updateStory(original.id, patch) : original;
      } else {
        saved = await api.createStory(input);
      }
      announce(t('storyForm.saved'));
      navigate(`/stories/${encodeURIComponent(saved.slug)}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        error.textContent = t('storyForm.slugTaken');
        slug.focus();
      } else {
        error.textContent = describeError(err, t);
      }
    } finally {
      submit.disabled = false;
    }
  };

  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': titleId, onsubmit: onSubmit, novalidate: true },
    h('h1', { id: titleId }, editing ? t('storyForm.editTitle') : t('storyForm.newTitle')),
    error,
    field(t('storyForm.title'), title),
    field(t('storyForm.slug'), slug, t('storyForm.slugHint')),
    field(t('storyForm.summary'), summary),
    editing ? cover.el : null,
    languageField,
    h(
      'datalist',
      { id: listId },
      LANGUAGES.map(([code, name]) => h('option', { value: code }, name)),
    ),
    field(t('storyForm.timeZone'), timeZone, t('storyForm.timeZoneHint')),
    h(
      'datalist',
      { id: zoneListId },
      zones.map((z) => h('option', { value: z })),
    ),
    h(
      'fieldset',
      { class: 'radios', id: statusGroupId },
      h('legend', null, t('storyForm.status')),
      statusInputs.map((input) =>
        h('label', { class: 'check' }, input, h('span', null, t(`storyStatus.${input.value}` as any))),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      submit,
      h(
        'a',
        { class: 'button', href: editing ? href(`/stories/${encodeURIComponent(ref!)}`) : href('/') },
        t('storyForm.cancel'),
      ),
    ),
  );

  if (editing) {
    submit.disabled = true;
    api.story(ref!).then(
      (s) => {
        fill(s);
        submit.disabled = false;
      },
      (err) => (error.textContent = describeError(err, t)),
    );
  }
  queueMicrotask(() => title.focus());
  return {
    el: h('section', { class: 'page' }, form),
    title: editing ? t('storyForm.editTitle') : t('storyForm.newTitle'),
  };
}
