import type { Story } from '@liveline/contracts';
import { escapeHtml as esc } from '../markup/html';
import { SITE_NAME, storyUrls } from '../story-urls';

export interface OembedRich {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 800;
const MIN_SIZE = 200;

function fit(wanted: number, max: number | undefined): number {
  return max !== undefined && Number.isFinite(max) && max > 0
    ? Math.max(MIN_SIZE, Math.min(wanted, Math.floor(max)))
    : wanted;
}

/** The story page or embed a URL names, if it names one on this service. */
export function storyRefFromUrl(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== origin) return null;
  const match = /^\/(?:stories|embed)\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** oEmbed "rich": the iframe embed plus the host snippet that sizes it to its content. */
export function buildOembed(story: Story, origin: string, max: { width?: number; height?: number } = {}): OembedRich {
  const urls = storyUrls(origin, story.slug);
  const width = fit(DEFAULT_WIDTH, max.width);
  const height = fit(DEFAULT_HEIGHT, max.height);
  const html =
    `<iframe src="${esc(urls.embed)}" title="${esc(story.title)}" width="${width}" height="${height}" ` +
    `style="border:0;width:100%;max-width:${width}px" loading="lazy"></iframe>` +
    `<script async src="${esc(origin)}/embed-host.js"></script>`;
  return {
    version: '1.0',
    type: 'rich',
    title: story.title,
    provider_name: SITE_NAME,
    provider_url: origin,
    html,
    width,
    height,
    cache_age: 300,
  };
}
