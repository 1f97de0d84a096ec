import type { Media } from '@liveline/contracts';
import { ApiError } from './api';
import { h } from './dom';
import { t } from './i18n';
import { mediaApi, thumbnailOf, uploadMedia, type UploadHandle } from './media-api';
import { formDialog } from './ui';

// Photos into an entry: file picker, the phone's camera, drag and drop, paste. Each upload has
// its own row with a progress bar; a lost connection offers a retry, a refusal says why.

export interface PhotoDetails {
  media: Media;
  alt: string;
  caption: string;
  credit: string;
}

export interface MediaPicker {
  /** The rows of uploads in progress (placed under the editor). */
  el: HTMLElement;
  /** Toolbar buttons: upload, camera, recent. */
  tools: HTMLButtonElement[];
  add(files: Iterable<File>): void;
}

const imageFiles = (files: Iterable<File>) =>
  Array.from(files).filter((f) => f.type.startsWith('image/') || f.type === '');

function refusal(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 413) return t('media.tooLarge');
    if (err.status === 415) return t('media.refusedType');
    if (err.status === 422) return t('media.undecodable');
    return t('err.generic', { message: err.message });
  }
  return t('media.lost');
}

/** Asks for the description (required), caption and credit of a photo, and saves them on the media item. */
export async function describePhoto(media: Media): Promise<PhotoDetails | null> {
  const values = await formDialog(
    t('media.describe'),
    [
      {
        name: 'alt',
        label: t('dlg.imageAlt'),
        required: true,
        value: media.alt,
        check: (v) => (v.trim() ? null : t('media.altRequired')),
      },
      { name: 'caption', label: t('dlg.imageCaption'), value: media.caption },
      { name: 'credit', label: t('dlg.imageCredit'), value: media.credit },
    ],
    t('dlg.insert'),
  );
  if (!values) return null;
  const patch = { alt: values.alt.trim(), caption: values.caption.trim(), credit: values.credit.trim() };
  const saved = await mediaApi.update(media.id, patch).catch(() => ({ ...media, ...patch }));
  return { media: saved, ...patch };
}

export function createMediaPicker(onPhoto: (p: PhotoDetails) => void): MediaPicker {
  const list = h('ul', { class: 'uploads', 'aria-live': 'polite' });

  const start = (file: File) => {
    const bar = h('progress', { max: 1, value: 0, 'aria-label': file.name });
    const message = h('span', { class: 'upload-message' }, t('media.uploading'));
    const row = h('li', { class: 'upload' }, h('span', { class: 'upload-name' }, file.name || 'photo'), bar, message);
    list.append(row);
    let handle: UploadHandle;
    const attempt = () => {
      message.textContent = t('media.uploading');
      row.classList.remove('upload-error');
      bar.value = 0;
      handle = uploadMedia(file, file.name || 'photo', (f) => (bar.value = f));
      handle.done.then(
        async (media) => {
          bar.value = 1;
          message.textContent = t('media.done');
          const details = await describePhoto(media);
          row.remove();
          if (details) onPhoto(details);
        },
        (err: unknown) => {
          row.classList.add('upload-error');
          message.textContent = refusal(err);
          const lost = !(err instanceof ApiError) || err.status >= 500;
          const dismiss = h(
            'button',
            { type: 'button', class: 'link', onclick: () => row.remove() },
            t('media.dismiss'),
          );
          const retry = h(
            'button',
            { type: 'button', class: 'link', onclick: () => (retry.remove(), dismiss.remove(), attempt()) },
            t('media.retry'),
          );
          row.append(...(lost ? [retry] : []), dismiss);
        },
      );
    };
    attempt();
  };

  const add = (files: Iterable<File>) => imageFiles(files).forEach(start);

  const input = (capture: boolean) => {
    const el = h('input', {
      type: 'file',
      accept: 'image/*',
      multiple: !capture,
      hidden: true,
      ...(capture ? { capture: 'environment' } : {}),
    });
    el.addEventListener('change', () => {
      add(el.files ?? []);
      el.value = '';
    });
    return el;
  };
  const pick = input(false);
  const camera = input(true);
  list.append(pick, camera);

  const recent = async () => {
    let items: Media[];
    try {
      items = await mediaApi.recent();
    } catch (e) {
      return alertLike(refusal(e));
    }
    const chosen = await chooseRecent(items);
    if (!chosen) return;
    const details = await describePhoto(chosen);
    if (details) onPhoto(details);
  };

  const tool = (label: string, glyph: string, action: () => void) =>
    h(
      'button',
      {
        type: 'button',
        class: 'tool',
        title: label,
        'aria-label': label,
        onmousedown: (e: MouseEvent) => e.preventDefault(),
        onclick: action,
      },
      glyph,
    );

  return {
    el: list,
    tools: [
      tool(t('media.upload'), t('media.uploadShort'), () => pick.click()),
      tool(t('media.camera'), t('media.cameraShort'), () => camera.click()),
      tool(t('media.recent'), t('media.recentShort'), () => void recent()),
    ],
    add,
  };
}

function alertLike(text: string): void {
  const d = h(
    'dialog',
    { class: 'dialog' },
    h('p', null, text),
    h('button', { type: 'button', onclick: () => d.close() }, t('dlg.cancel')),
  );
  document.body.append(d);
  d.addEventListener('close', () => d.remove());
  d.showModal();
}

export function chooseRecent(items: Media[]): Promise<Media | null> {
  return new Promise((resolve) => {
    const d = h('dialog', { class: 'dialog recent-media', 'aria-label': t('media.recent') });
    const finish = (m: Media | null) => {
      resolve(m);
      d.close();
    };
    const grid = h(
      'ul',
      { class: 'recent-grid' },
      items.length
        ? items.map((m) =>
            h(
              'li',
              null,
              h(
                'button',
                { type: 'button', class: 'recent-item', onclick: () => finish(m) },
                h('img', {
                  src: thumbnailOf(m),
                  alt: m.alt || t('media.noAlt'),
                  width: 160,
                  height: Math.round((160 * m.height) / m.width),
                  loading: 'lazy',
                }),
              ),
            ),
          )
        : h('li', null, t('media.none')),
    );
    d.append(
      h('h2', null, t('media.recent')),
      grid,
      h('button', { type: 'button', onclick: () => finish(null) }, t('dlg.cancel')),
    );
    d.addEventListener('close', () => {
      d.remove();
      resolve(null);
    });
    document.body.append(d);
    d.showModal();
  });
}
