// Media shapes and the one URL pattern of a rendition, shared by the server (which names the
// files), the pages and the widget (which build srcset from a body's <img src> alone, so live
// events stay small).

export interface MediaRendition {
  url: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
}

export interface Media {
  id: string;
  url: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  renditions: MediaRendition[];
  createdAt: string;
}

/** Rendition widths; the largest rendition is the original's width when it is narrower than the last. */
export const MEDIA_WIDTHS = [320, 640, 1024, 1600] as const;

export type MediaExtension = 'webp' | 'jpg' | 'png' | 'gif';

export const MEDIA_CONTENT_TYPES: Record<MediaExtension, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

export const MEDIA_PATH_PREFIX = '/media/';

/** One rendition's file name: `<sha256 of the upload>-<width>x<height>.<ext>`. */
export interface MediaName {
  hash: string;
  width: number;
  height: number;
  ext: MediaExtension;
}

const NAME = /^([0-9a-f]{64})-([1-9][0-9]{0,4})x([1-9][0-9]{0,4})\.(webp|jpg|png|gif)$/;

export function formatMediaName(n: MediaName): string {
  return `${n.hash}-${n.width}x${n.height}.${n.ext}`;
}

export function parseMediaName(name: string): MediaName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { hash: m[1], width: Number(m[2]), height: Number(m[3]), ext: m[4] as MediaExtension };
}

/** The media file a URL points at (`/media/<name>`, relative or on any origin), or null. */
export function mediaNameOfUrl(url: string): MediaName | null {
  const m = /^(?:https?:\/\/[^/?#]+)?\/media\/([^/?#]+)$/.exec(url.trim());
  return m ? parseMediaName(m[1]) : null;
}

/** The widths of every rendition of an image whose largest rendition is `largestWidth` wide. */
export function renditionWidths(largestWidth: number): number[] {
  const largest = Math.min(largestWidth, MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]);
  return [...MEDIA_WIDTHS.filter((w) => w < largest), largest];
}

/** The largest rendition's size for an upright image of this size. */
export function largestRenditionSize(width: number, height: number): { width: number; height: number } {
  const w = Math.min(width, MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]);
  return { width: w, height: scaledHeight(w, width, height) };
}

export function scaledHeight(width: number, fromWidth: number, fromHeight: number): number {
  return Math.max(1, Math.round((width * fromHeight) / fromWidth));
}

/** Every rendition of the image one rendition belongs to, both formats, smallest first. */
export function renditionsOf(name: MediaName): MediaName[] {
  const fallback: MediaExtension = name.ext === 'webp' ? 'jpg' : name.ext;
  return renditionWidths(name.width).flatMap((w) => {
    const h = w === name.width ? name.height : scaledHeight(w, name.width, name.height);
    return (['webp', fallback] as const).map((ext) => ({ hash: name.hash, width: w, height: h, ext }));
  });
}
