import type { EmbedProvider } from '@liveline/contracts';

// The platforms' official oEmbed endpoints that answer without an app token. Instagram and
// Facebook need a Meta app token and Telegram has none: their previews carry no optional fields.
const ENDPOINTS: Partial<Record<EmbedProvider, string>> = {
  x: 'https://publish.twitter.com/oembed?omit_script=1&dnt=true&url=',
  youtube: 'https://www.youtube.com/oembed?format=json&url=',
  vimeo: 'https://vimeo.com/api/oembed.json?dnt=1&url=',
  tiktok: 'https://www.tiktok.com/oembed?url=',
};

/** Every host an oEmbed request (or its redirects) may reach. */
export const OEMBED_HOSTS: ReadonlySet<string> = new Set(Object.values(ENDPOINTS).map((u) => new URL(u).hostname));

export function oembedUrl(provider: EmbedProvider, canonicalUrl: string): string | null {
  const base = ENDPOINTS[provider];
  return base ? base + encodeURIComponent(canonicalUrl) : null;
}
