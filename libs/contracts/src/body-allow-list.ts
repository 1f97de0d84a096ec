// THE allow-list of entry bodies: the server's sanitizer (libs/timeline sanitize-body) and the
// newsroom editor's cleaner (apps/newsroom body-html) are both derived from it, so what the
// editor keeps is exactly what the server stores. Data and pure functions only: the browser
// bundles this file. To allow something new, add it here (and a test); nowhere else.

import { mediaNameOfUrl } from './media';

// 'relative': a path or fragment on the same site (`#part`, `page`), never `//host`.
// 'media': a path to one of the service's own uploads (`/media/<name>`, see media.ts), nothing else relative.
export type BodyUrlScheme = 'http' | 'https' | 'mailto' | 'relative' | 'media';

export interface BodyElementRule {
  /** Attributes kept as written (values limited by BODY_ATTRIBUTE_VALUES where listed there). */
  readonly attributes?: readonly string[];
  /** URL attributes and the schemes each accepts; any other value drops the attribute. */
  readonly urls?: Readonly<Record<string, readonly BodyUrlScheme[]>>;
  /** The element is dropped (with its content) when this attribute is missing after cleaning. */
  readonly requires?: string;
  /** Void element: no content, no closing tag. */
  readonly empty?: boolean;
  /** Block-level: the editor keeps it at the top level instead of wrapping it in a paragraph. */
  readonly block?: boolean;
}

// Direction and language travel with every text container: a quote in English inside an Arabic
// story must keep `dir="ltr" lang="en"` (the reason this product exists).
const BIDI = ['lang', 'dir'] as const;
const WEB: readonly BodyUrlScheme[] = ['http', 'https'];

export const BODY_ALLOW_LIST: Readonly<Record<string, BodyElementRule>> = {
  p: { attributes: BIDI, block: true },
  br: { empty: true },
  h2: { attributes: BIDI, block: true },
  h3: { attributes: BIDI, block: true },
  h4: { attributes: BIDI, block: true },
  strong: {},
  em: {},
  u: {},
  s: {},
  sub: {},
  sup: {},
  ul: { attributes: BIDI, block: true },
  ol: { attributes: BIDI, block: true },
  li: { attributes: BIDI },
  blockquote: { attributes: BIDI, urls: { cite: WEB }, block: true },
  cite: { attributes: BIDI },
  q: { attributes: BIDI, urls: { cite: WEB } },
  a: { attributes: ['rel', 'target', ...BIDI], urls: { href: ['http', 'https', 'mailto', 'relative'] } },
  // data-embed: a post or video (embeds.ts checks the URL and stores its canonical form after cleaning).
  figure: { attributes: ['data-embed'], block: true },
  figcaption: { attributes: BIDI },
  img: {
    attributes: ['alt', 'width', 'height', 'loading'],
    urls: { src: ['https', 'media'] },
    requires: 'src',
    empty: true,
  },
  hr: { empty: true, block: true },
};

/** Attributes whose value must be one of these (others are dropped). */
export const BODY_ATTRIBUTE_VALUES: Readonly<Record<string, readonly string[]>> = {
  dir: ['ltr', 'rtl', 'auto'],
};

/** Synonyms stored under one name. */
export const BODY_TAG_RENAMES: Readonly<Record<string, string>> = { b: 'strong', i: 'em' };

/** Elements dropped together with their content; any other unknown element is unwrapped. */
export const BODY_DROPPED_WITH_CONTENT: readonly string[] = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'iframe',
  'object',
  'embed',
  'template',
  'svg',
  'math',
  'title',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
  'head',
  'meta',
  'link',
];

// NUL and other C0 controls have no place in a news body and confuse parsers.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

export function stripControls(s: string): string {
  return s.replace(CONTROLS, '');
}

/** The rule for a tag (after renaming), or undefined when the tag is not allowed. */
export function bodyRule(tag: string): BodyElementRule | undefined {
  return Object.prototype.hasOwnProperty.call(BODY_ALLOW_LIST, tag) ? BODY_ALLOW_LIST[tag] : undefined;
}

/** The kept value of a plain (non-URL) attribute, or null when it must be dropped. */
export function allowedAttributeValue(tag: string, name: string, value: string): string | null {
  if (!bodyRule(tag)?.attributes?.includes(name)) return null;
  const values = BODY_ATTRIBUTE_VALUES[name];
  return values && !values.includes(value) ? null : value;
}

/** The schemes a URL attribute accepts on a tag, or undefined when it is not a URL attribute there. */
export function allowedSchemes(tag: string, name: string): readonly BodyUrlScheme[] | undefined {
  return bodyRule(tag)?.urls?.[name];
}

/**
 * Whether a URL attribute value passes: an absolute URL needs one of the schemes; a
 * protocol-relative one (`//host`) never passes; a relative one (`#part`, `page`) only with 'relative'.
 */
export function isAllowedUrl(value: string | null | undefined, schemes: readonly BodyUrlScheme[]): boolean {
  if (!value) return false;
  // Browsers ignore ASCII whitespace and controls inside a scheme (`java\tscript:`).
  const bare = value.replace(/[\u0000-\u0020\u007f]/g, '');
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(bare);
  if (scheme)
    return scheme[1].toLowerCase() !== 'relative' && schemes.includes(scheme[1].toLowerCase() as BodyUrlScheme);
  if (/^[\\/]{2}/.test(bare) || !bare) return false;
  if (schemes.includes('media') && bare === value.trim() && bare.startsWith('/media/') && mediaNameOfUrl(bare))
    return true;
  return schemes.includes('relative');
}

/** The value of a URL attribute on a tag when it passes, else null. */
export function allowedUrl(tag: string, name: string, value: string | null | undefined): string | null {
  const schemes = allowedSchemes(tag, name);
  return schemes && isAllowedUrl(value, schemes) ? (value as string) : null;
}

/** An absolute URL with one of the schemes, normalized, or null (for URLs typed into the newsroom). */
export function absoluteUrl(value: string | null | undefined, schemes: readonly BodyUrlScheme[]): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    if (schemes.includes(url.protocol.slice(0, -1) as BodyUrlScheme)) return url.href;
  } catch {
    // not an absolute URL
  }
  return null;
}

/**
 * Attributes the server adds or fixes on every kept element (links never leak the opener, images
 * always have an alt and load lazily); the editor applies the same so its output is stable.
 */
export function fixedAttributes(tag: string, attribs: Readonly<Record<string, string>>): Record<string, string> {
  if (tag === 'a') return { ...attribs, rel: 'noopener noreferrer', ...(attribs.target ? { target: '_blank' } : {}) };
  if (tag === 'img') return { ...attribs, alt: attribs.alt ?? '', loading: 'lazy' };
  return { ...attribs };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double- or single-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of an HTML fragment (tags dropped, entities decoded, whitespace folded): excerpts, headlines. */
export function plainText(html: string): string {
  return stripControls(html)
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|textarea|title|template|noscript|xmp)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d|blockquote)>/gi, ' ')
    .replace(/<\/?[a-z][^>]*(>|$)|<[!?][^>]*(>|$)/gi, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
