// Embedded posts and videos: the one home of the URL rules (server validation, reader cards,
// frames, CSP origins, newsroom paste), so the browser and the server never disagree.

export type EmbedProvider = 'x' | 'youtube' | 'telegram' | 'instagram' | 'tiktok' | 'vimeo' | 'facebook';
export type EmbedKind = 'post' | 'video' | 'reel';

export interface ParsedEmbed {
  provider: EmbedProvider;
  kind: EmbedKind;
  id: string;
  /** The canonical https URL stored in the body and linked from cards. */
  url: string;
}

/** GET /api/embeds/preview?url= */
export interface EmbedPreview {
  provider: EmbedProvider;
  url: string;
  kind: EmbedKind;
  title?: string;
  authorName?: string;
  thumbnailUrl?: string;
}

export interface EmbedProviderInfo {
  name: string;
  /** The origin the platform's own player or post loads from, after the reader's press. */
  frameOrigin: string;
}

export const EMBED_PROVIDERS: Record<EmbedProvider, EmbedProviderInfo> = {
  x: { name: 'X', frameOrigin: 'https://platform.twitter.com' },
  youtube: { name: 'YouTube', frameOrigin: 'https://www.youtube-nocookie.com' },
  telegram: { name: 'Telegram', frameOrigin: 'https://t.me' },
  instagram: { name: 'Instagram', frameOrigin: 'https://www.instagram.com' },
  tiktok: { name: 'TikTok', frameOrigin: 'https://www.tiktok.com' },
  vimeo: { name: 'Vimeo', frameOrigin: 'https://player.vimeo.com' },
  facebook: { name: 'Facebook', frameOrigin: 'https://www.facebook.com' },
};

/** Exactly the origins pages may frame (CSP frame-src). */
export const EMBED_FRAME_ORIGINS: readonly string[] = Object.values(EMBED_PROVIDERS).map((p) => p.frameOrigin);

const HOSTS: Record<string, EmbedProvider> = {
  'x.com': 'x',
  'www.x.com': 'x',
  'mobile.x.com': 'x',
  'twitter.com': 'x',
  'www.twitter.com': 'x',
  'mobile.twitter.com': 'x',
  'youtube.com': 'youtube',
  'www.youtube.com': 'youtube',
  'm.youtube.com': 'youtube',
  'youtu.be': 'youtube',
  'youtube-nocookie.com': 'youtube',
  'www.youtube-nocookie.com': 'youtube',
  't.me': 'telegram',
  'telegram.me': 'telegram',
  'www.telegram.me': 'telegram',
  'instagram.com': 'instagram',
  'www.instagram.com': 'instagram',
  'tiktok.com': 'tiktok',
  'www.tiktok.com': 'tiktok',
  'm.tiktok.com': 'tiktok',
  'vimeo.com': 'vimeo',
  'www.vimeo.com': 'vimeo',
  'player.vimeo.com': 'vimeo',
  'facebook.com': 'facebook',
  'www.facebook.com': 'facebook',
  'm.facebook.com': 'facebook',
  'web.facebook.com': 'facebook',
};

const DIGITS = /^\d{1,25}$/;
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const X_USER = /^[A-Za-z0-9_]{1,15}$/;
const TELEGRAM_CHANNEL = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const INSTAGRAM_CODE = /^[A-Za-z0-9_-]{5,40}$/;
const TIKTOK_USER = /^@[A-Za-z0-9_.]{1,24}$/;
const VIMEO_HASH = /^[0-9a-f]{6,20}$/;
const FACEBOOK_NAME = /^[A-Za-z0-9.-]{1,80}$/;
const FACEBOOK_ID = /^(\d{1,25}|pfbid[A-Za-z0-9]{10,80})$/;

const made = (provider: EmbedProvider, kind: EmbedKind, id: string, url: string): ParsedEmbed => ({
  provider,
  kind,
  id,
  url,
});

type Rule = (segments: string[], params: URLSearchParams, host: string) => ParsedEmbed | null;

const RULES: Record<EmbedProvider, Rule> = {
  x: ([user, status, id], _params) => {
    // /<user>/status/<id>[/photo/1…] and /i/web/status/<id>
    if (user === 'i' && status === 'web') return null;
    if (status !== 'status' || !DIGITS.test(id ?? '') || !(user === 'i' || X_USER.test(user ?? ''))) return null;
    return made('x', 'post', id, `https://x.com/${user}/status/${id}`);
  },
  youtube: (segments, params, host) => {
    let id: string | undefined;
    if (host === 'youtu.be') id = segments[0];
    else if (segments[0] === 'watch' && segments.length === 1) id = params.get('v') ?? undefined;
    else if (['shorts', 'embed', 'live', 'v'].includes(segments[0] ?? '') && segments.length === 2) id = segments[1];
    if (!id || !YOUTUBE_ID.test(id)) return null;
    return made('youtube', 'video', id, `https://www.youtube.com/watch?v=${id}`);
  },
  telegram: (segments) => {
    // /<channel>/<id> and the web preview /s/<channel>/<id>; private /c/… links are not public posts.
    const [channel, id, ...rest] = segments[0] === 's' ? segments.slice(1) : segments;
    if (
      rest.length ||
      !channel ||
      channel.toLowerCase() === 'c' ||
      !TELEGRAM_CHANNEL.test(channel) ||
      !DIGITS.test(id ?? '')
    )
      return null;
    return made('telegram', 'post', `${channel}/${id}`, `https://t.me/${channel}/${id}`);
  },
  instagram: (segments) => {
    // /p/<code>/, /reel/<code>/, /reels/<code>/, /tv/<code>/, optionally after /<user>/
    const parts =
      segments.length >= 3 && !['p', 'reel', 'reels', 'tv'].includes(segments[0]) ? segments.slice(1) : segments;
    const [type, code] = parts;
    if (!code || !INSTAGRAM_CODE.test(code) || (parts.length > 2 && parts[2] !== 'embed')) return null;
    if (type === 'p' || type === 'tv') return made('instagram', 'post', code, `https://www.instagram.com/p/${code}/`);
    if (type === 'reel' || type === 'reels')
      return made('instagram', 'reel', code, `https://www.instagram.com/reel/${code}/`);
    return null;
  },
  tiktok: ([user, video, id, ...rest]) => {
    if (rest.length || !TIKTOK_USER.test(user ?? '') || video !== 'video' || !DIGITS.test(id ?? '')) return null;
    return made('tiktok', 'video', id, `https://www.tiktok.com/${user}/video/${id}`);
  },
  vimeo: (segments, params, host) => {
    let id: string | undefined;
    let hash: string | undefined;
    if (host === 'player.vimeo.com') {
      if (segments[0] !== 'video' || segments.length !== 2) return null;
      id = segments[1];
      hash = params.get('h') ?? undefined;
    } else if (segments[0] === 'channels' && segments.length === 3) id = segments[2];
    else if (segments.length === 1 || segments.length === 2) [id, hash] = segments;
    if (!id || !DIGITS.test(id) || (hash !== undefined && !VIMEO_HASH.test(hash))) return null;
    return made(
      'vimeo',
      'video',
      hash ? `${id}/${hash}` : id,
      hash ? `https://vimeo.com/${id}/${hash}` : `https://vimeo.com/${id}`,
    );
  },
  facebook: (segments, params) => {
    const [first, second, third, ...rest] = segments;
    if (rest.length) return null;
    if (first === 'permalink.php' || first === 'story.php') {
      const story = params.get('story_fbid') ?? '';
      const owner = params.get('id') ?? '';
      if (!FACEBOOK_ID.test(story) || !DIGITS.test(owner)) return null;
      return made(
        'facebook',
        'post',
        `${owner}/${story}`,
        `https://www.facebook.com/permalink.php?story_fbid=${story}&id=${owner}`,
      );
    }
    if (first === 'watch' && !second) {
      const v = params.get('v') ?? '';
      return DIGITS.test(v) ? made('facebook', 'video', v, `https://www.facebook.com/watch/?v=${v}`) : null;
    }
    if (first === 'reel' && second && DIGITS.test(second) && !third) {
      return made('facebook', 'video', second, `https://www.facebook.com/reel/${second}`);
    }
    if (!first || !FACEBOOK_NAME.test(first) || !third || !FACEBOOK_ID.test(third)) return null;
    if (second === 'posts')
      return made('facebook', 'post', `${first}/${third}`, `https://www.facebook.com/${first}/posts/${third}`);
    if (second === 'videos' && DIGITS.test(third))
      return made('facebook', 'video', third, `https://www.facebook.com/${first}/videos/${third}`);
    return null;
  },
};

/**
 * The provider, kind, id and canonical URL of a supported post or video URL, or null for
 * anything else (other hosts, lookalikes such as youtube.com.evil.example, http, credentials,
 * odd ports). Tracking parameters are dropped: the canonical form carries only the id.
 */
export function parseEmbedUrl(raw: string): ParsedEmbed | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  const provider = HOSTS[host];
  if (!provider) return null;
  const segments = url.pathname.split('/').filter((s) => s !== '');
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  return RULES[provider](decoded, url.searchParams, host);
}

/** The platform's own embeddable player or post for a parsed embed (youtube-nocookie, Vimeo with dnt=1…). */
export function embedFrameUrl(embed: ParsedEmbed): string {
  const origin = EMBED_PROVIDERS[embed.provider].frameOrigin;
  switch (embed.provider) {
    case 'x':
      return `${origin}/embed/Tweet.html?id=${embed.id}&dnt=true`;
    case 'youtube':
      return `${origin}/embed/${embed.id}`;
    case 'telegram':
      return `${origin}/${embed.id}?embed=1`;
    case 'instagram':
      return `${origin}/${embed.kind === 'reel' ? 'reel' : 'p'}/${embed.id}/embed/`;
    case 'tiktok':
      return `${origin}/embed/v2/${embed.id}`;
    case 'vimeo': {
      const [id, hash] = embed.id.split('/');
      return `${origin}/video/${id}?dnt=1${hash ? `&h=${hash}` : ''}`;
    }
    case 'facebook':
      return `${origin}/plugins/${embed.kind === 'post' ? 'post' : 'video'}.php?href=${encodeURIComponent(embed.url)}`;
  }
}

/** The frame's host as readers are told it ("this loads content from youtube-nocookie.com"). */
export function embedFrameHost(provider: EmbedProvider): string {
  return new URL(EMBED_PROVIDERS[provider].frameOrigin).hostname.replace(/^www\./, '');
}

// --- Embeds inside an entry body -------------------------------------------------------------

/** The attribute marking an embed in bodies and on reader cards. */
export const EMBED_ATTRIBUTE = 'data-embed';

const ENTITY: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#34;': '"',
  '&#39;': "'",
  '&apos;': "'",
  '&lt;': '<',
  '&gt;': '>',
};
const decodeAttr = (s: string) => s.replace(/&(amp|quot|#34|#39|apos|lt|gt);/g, (e) => ENTITY[e] ?? e);
const encodeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface EmbedFigure {
  /** Index of `<figure` in the HTML and the index just after its matching `</figure>`. */
  start: number;
  end: number;
  /** The data-embed value as written (entities decoded). */
  raw: string;
  embed: ParsedEmbed | null;
}

const FIGURE_TAG = /<(\/?)figure\b([^>]*)>/gi;
const EMBED_ATTR = /\sdata-embed\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

/**
 * Every `<figure data-embed>` of a sanitized body (whose only `<` are real tags), with its
 * whole extent including nested content, in document order.
 */
export function findEmbedFigures(html: string): EmbedFigure[] {
  const found: EmbedFigure[] = [];
  const open: Array<{ start: number; raw: string | null }> = [];
  FIGURE_TAG.lastIndex = 0;
  for (let m = FIGURE_TAG.exec(html); m; m = FIGURE_TAG.exec(html)) {
    if (m[1] === '') {
      const attr = EMBED_ATTR.exec(m[2]);
      open.push({ start: m.index, raw: attr ? decodeAttr(attr[1] ?? attr[2] ?? attr[3] ?? '') : null });
      continue;
    }
    const top = open.pop();
    // Only outermost embed figures count; an embed nested in another is replaced with it.
    if (top && top.raw !== null && !open.some((o) => o.raw !== null)) {
      found.push({ start: top.start, end: m.index + m[0].length, raw: top.raw, embed: parseEmbedUrl(top.raw) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** What a body stores for an embed: the canonical URL and a plain link to it for feeds and no-JS readers. */
export function embedFigureHtml(embed: ParsedEmbed): string {
  const url = encodeAttr(embed.url);
  const label = `${EMBED_PROVIDERS[embed.provider].name}: ${embed.url}`;
  return `<figure ${EMBED_ATTRIBUTE}="${url}"><a href="${url}" rel="noopener noreferrer">${encodeAttr(label)}</a></figure>`;
}

/**
 * Rewrites every embed figure of a sanitized body to its stored form; `unsupported` lists the
 * URLs that are not a supported post or video (the caller refuses the body, naming them).
 */
export function normalizeEmbeds(html: string): { html: string; unsupported: string[] } {
  const figures = findEmbedFigures(html);
  const unsupported = figures.filter((f) => !f.embed).map((f) => f.raw);
  let out = '';
  let at = 0;
  for (const f of figures) {
    out += html.slice(at, f.start) + (f.embed ? embedFigureHtml(f.embed) : '');
    at = f.end;
  }
  return { html: out + html.slice(at), unsupported };
}

/** A pasted line that is nothing but a supported URL (the newsroom turns it into an embed block). */
export function embedOfPastedText(text: string): ParsedEmbed | null {
  const line = text.trim();
  return /^\S+$/.test(line) ? parseEmbedUrl(line) : null;
}

/**
 * Injection token (a plain string: contracts has no Nest) under which the embeds lib offers the
 * reader surfaces what its preview cache knows, so they need not import it.
 */
export const EMBED_PREVIEW_LOOKUP = 'liveline.embedPreviewLookup';
export interface EmbedPreviewLookup {
  known(urls: string[]): Promise<Map<string, EmbedPreview>>;
}
