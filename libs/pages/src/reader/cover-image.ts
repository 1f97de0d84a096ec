import type { Story } from '@liveline/contracts';
import { escapeHtml as esc } from '../markup/html';
import { mediaImagesOf } from '../markup/media-markup';

/** The story's cover as an absolute URL of its largest widely supported rendition, or null. */
export function coverImageOf(story: Story, origin: string): { url: string; width: number; height: number } | null {
  if (!story.coverImageUrl) return null;
  const [img] = mediaImagesOf(`<img src="${esc(story.coverImageUrl)}">`, origin);
  return img ?? null;
}

/** og:image and the Twitter card for a story (a large card when it has a cover). */
export function coverImageMeta(story: Story, origin: string): string[] {
  const cover = coverImageOf(story, origin);
  if (!cover) return [`<meta name="twitter:card" content="summary">`];
  return [
    `<meta property="og:image" content="${esc(cover.url)}">`,
    `<meta property="og:image:width" content="${cover.width}">`,
    `<meta property="og:image:height" content="${cover.height}">`,
    `<meta name="twitter:card" content="summary_large_image">`,
    `<meta name="twitter:image" content="${esc(cover.url)}">`,
  ];
}
