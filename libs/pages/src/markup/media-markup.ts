import {
  formatMediaName,
  MEDIA_CONTENT_TYPES,
  MEDIA_PATH_PREFIX,
  mediaNameOfUrl,
  renditionsOf,
} from '@liveline/contracts';

// Entry bodies place an image as <img src="<media url>">; every surface (page, embed, widget,
// live updates in the browser) turns it into a responsive <picture> here, from the URL alone.
// Kept apart from timeline-markup.ts so embeds and other renderers merge without conflicts.

export interface MediaMarkupOptions {
  /** Origin the files are fetched from: '' on the service's own pages, the service's origin in the widget. */
  origin: string;
  /** Images in the first entries load at once; the rest are lazy. */
  eager: boolean;
}

/** How wide an image shows: the whole column on a phone, the reading column elsewhere. */
export const MEDIA_SIZES = '(max-width: 760px) calc(100vw - 2rem), 720px';

const IMG = /<img\b([^>]*)>/gi;
const attr = (attrs: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(attrs);
  return m ? m[1] : null;
};

export function responsiveMediaBody(html: string, opts: MediaMarkupOptions): string {
  let images = 0;
  const out = html.replace(IMG, (tag, attrs: string) => {
    const src = attr(attrs, 'src');
    const name = src ? mediaNameOfUrl(src.replace(/&amp;/g, '&')) : null;
    if (!name) return tag;
    images++;
    const all = renditionsOf(name);
    const url = (n: (typeof all)[number]) => `${opts.origin}${MEDIA_PATH_PREFIX}${formatMediaName(n)}`;
    const set = (ext: string) =>
      all
        .filter((n) => n.ext === ext)
        .map((n) => `${url(n)} ${n.width}w`)
        .join(', ');
    const fallback = all.filter((n) => n.ext !== 'webp');
    const fallbackExt = fallback[0].ext;
    const largest = fallback[fallback.length - 1];
    const alt = attr(attrs, 'alt') ?? '';
    return (
      `<picture class="ll-media">` +
      `<source type="image/webp" srcset="${set('webp')}" sizes="${MEDIA_SIZES}">` +
      `<img src="${url(largest)}" srcset="${set(fallbackExt)}" sizes="${MEDIA_SIZES}" ` +
      `alt="${alt}" width="${largest.width}" height="${largest.height}" loading="${opts.eager ? 'eager' : 'lazy'}" decoding="async">` +
      `</picture>`
    );
  });
  return images >= 2 ? galleries(out) : out;
}

// Two or more figures with images in a row become a gallery: a scroll-snap strip that swipes on
// touch, scrolls with the arrow keys once focused, and runs in the story's direction (RTL too).
function galleries(html: string): string {
  return html.replace(
    /(?:<figure>(?:(?!<\/figure>)[\s\S])*?<picture class="ll-media">[\s\S]*?<\/figure>\s*){2,}|(?:<p>\s*(?:<picture class="ll-media">[\s\S]*?<\/picture>\s*){2,}<\/p>)/g,
    (run) => `<div class="ll-gallery" tabindex="0" role="group" data-ll-gallery>${run}</div>`,
  );
}

export interface BodyImage {
  url: string;
  type: string;
  width: number;
  height: number;
}

/** The media images of a body, as absolute URLs of their largest widely supported rendition (feeds, JSON-LD). */
export function mediaImagesOf(html: string, origin: string): BodyImage[] {
  const out: BodyImage[] = [];
  for (const [, attrs] of html.matchAll(IMG)) {
    const src = attr(attrs, 'src');
    const name = src ? mediaNameOfUrl(src.replace(/&amp;/g, '&')) : null;
    if (!name) continue;
    const largest = renditionsOf(name)
      .filter((n) => n.ext !== 'webp')
      .pop()!;
    out.push({
      url: `${origin}${MEDIA_PATH_PREFIX}${formatMediaName(largest)}`,
      type: MEDIA_CONTENT_TYPES[largest.ext],
      width: largest.width,
      height: largest.height,
    });
  }
  return out;
}

/** Feeds are read elsewhere: every media URL in a body made absolute. */
export function absoluteMediaUrls(html: string, origin: string): string {
  return html.replace(/(<img\b[^>]*\ssrc=")\/media\//gi, `$1${origin}/media/`);
}
