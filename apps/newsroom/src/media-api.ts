import type { ErrorBody, Media } from '@liveline/contracts';
import { ApiError, NetworkError, session } from './api';

// The media calls of the newsroom. Uploads go through XMLHttpRequest: fetch has no upload progress.

export interface UploadHandle {
  done: Promise<Media>;
  abort(): void;
}

const parse = (text: string): ErrorBody | null => {
  try {
    return text ? (JSON.parse(text) as ErrorBody) : null;
  } catch {
    return null;
  }
};

export function uploadMedia(file: Blob, name: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Media>((resolve, reject) => {
    xhr.open('POST', '/api/media');
    if (session.token) xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status === 201) resolve(body as unknown as Media);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new NetworkError('upload lost'));
    xhr.ontimeout = () => reject(new NetworkError('upload timed out'));
    xhr.onabort = () => reject(new NetworkError('upload aborted'));
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  const parsed = parse(await res.text().catch(() => ''));
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed as unknown as T;
}

export const mediaApi = {
  recent: () => call<{ items: Media[] }>('GET', '/api/media?limit=30').then((r) => r.items),
  update: (id: string, patch: { alt?: string; caption?: string; credit?: string }) =>
    call<Media>('PATCH', `/api/media/${encodeURIComponent(id)}`, patch),
};

/** The path a body places: relative, so the entry works on every origin the service answers on. */
export function mediaPath(m: Media): string {
  return new URL(m.url, location.href).pathname;
}

/** The smallest rendition, for thumbnails in the newsroom. */
export function thumbnailOf(m: Media): string {
  const webp = m.renditions.filter((r) => r.type === 'image/webp');
  return new URL((webp[0] ?? m.renditions[0]).url, location.href).pathname;
}
