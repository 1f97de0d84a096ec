import type { Story } from '@liveline/contracts';
import { api, describeError } from './api';
import { h } from './dom';
import { t } from './i18n';
import { mediaApi, uploadMedia } from './media-api';
import { chooseRecent } from './media-picker';
import { announce } from './ui';

// The story's cover image (og:image, twitter:image, LiveBlogPosting image), saved at once.
export function createCoverImageField(story: () => Story | null) {
  const preview = h('div', { class: 'cover-preview' });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const file = h('input', { type: 'file', accept: 'image/*', hidden: true });

  const show = (s: Story) => {
    preview.replaceChildren(
      s.coverImageUrl
        ? h('img', { src: s.coverImageUrl, alt: '', width: 240, loading: 'lazy' })
        : h('p', { class: 'muted' }, t('cover.none')),
    );
    remove.hidden = !s.coverImageUrl;
  };
  const save = async (coverImage: string | null) => {
    const s = story();
    if (!s) return;
    error.textContent = '';
    try {
      const saved = await api.updateStory(s.id, { coverImage });
      Object.assign(s, { coverImage: saved.coverImage, coverImageUrl: saved.coverImageUrl });
      show(s);
      announce(t('cover.saved'));
    } catch (e) {
      error.textContent = describeError(e, t);
    }
  };
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    uploadMedia(f, f.name, () => undefined).done.then(
      (m) => save(m.id),
      (e: unknown) => (error.textContent = describeError(e, t)),
    );
  });
  const choose = h(
    'button',
    {
      type: 'button',
      onclick: () =>
        void mediaApi
          .recent()
          .then(chooseRecent)
          .then((m) => m && save(m.id))
          .catch((e: unknown) => (error.textContent = describeError(e, t))),
    },
    t('cover.choose'),
  );
  const upload = h('button', { type: 'button', onclick: () => file.click() }, t('cover.upload'));
  const remove = h('button', { type: 'button', onclick: () => void save(null) }, t('cover.remove'));
  const el = h(
    'div',
    { class: 'field cover-image' },
    h('span', { class: 'label' }, t('cover.label')),
    preview,
    h('div', { class: 'button-row' }, choose, upload, remove),
    file,
    error,
  );
  return { el, show };
}
