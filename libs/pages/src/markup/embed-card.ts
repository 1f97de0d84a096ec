import {
  EMBED_PROVIDERS,
  embedFrameHost,
  findEmbedFigures,
  type EmbedPreview,
  type EmbedProvider,
  type ParsedEmbed,
} from '@liveline/contracts';
import { escapeHtml as esc } from './html';
import type { EmbedMessages } from './embed-messages';

// Reader cards for the embeds of a body: provider, what is known, a link to the original and a
// button. Nothing here points at the platform except that link: the frame is built only when
// the reader presses the button (apps/widget/src/embed-frames.ts).

export interface EmbedCardContext {
  messages: { embeds: EmbedMessages; by: string };
  /** What the preview cache knows (server-rendered surfaces only). */
  embeds?: ReadonlyMap<string, EmbedPreview>;
  /** Marks the card's words when the surface's language differs from the story's (the widget's `lang`). */
  ui?: { lang: string; dir: 'ltr' | 'rtl' };
}

// Self-hosted glyphs (no third-party asset): a rounded tile in the platform's colour with its initial or play mark.
const ICON_COLOUR: Record<EmbedProvider, string> = {
  x: '#000',
  youtube: '#e00',
  telegram: '#229ed9',
  instagram: '#c13584',
  tiktok: '#111',
  vimeo: '#1ab7ea',
  facebook: '#1877f2',
};

function icon(provider: EmbedProvider): string {
  const mark =
    provider === 'youtube' || provider === 'vimeo' || provider === 'tiktok'
      ? '<path d="M9.5 7.5v9l7-4.5z" fill="#fff"/>'
      : `<text x="12" y="16.5" text-anchor="middle" font-size="12" font-weight="700" font-family="system-ui,sans-serif" fill="#fff">${esc(EMBED_PROVIDERS[provider].name[0])}</text>`;
  return `<svg class="ll-shared-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><rect width="24" height="24" rx="6" fill="${ICON_COLOUR[provider]}"/>${mark}</svg>`;
}

export function renderEmbedCard(embed: ParsedEmbed, ctx: EmbedCardContext): string {
  const m = ctx.messages.embeds;
  const name = EMBED_PROVIDERS[embed.provider].name;
  const known = ctx.embeds?.get(embed.url);
  const ui = ctx.ui ? ` lang="${esc(ctx.ui.lang)}" dir="${ctx.ui.dir}"` : '';
  const url = esc(embed.url);
  return (
    `<figure class="ll-shared" data-embed="${url}" data-provider="${embed.provider}" data-kind="${embed.kind}">` +
    `<div class="ll-shared-card">` +
    `<p class="ll-shared-head"${ui}>${icon(embed.provider)}<span class="ll-shared-provider">${esc(m.heading(embed.kind, name))}</span></p>` +
    (known?.title ? `<p class="ll-shared-title"><bdi>${esc(known.title)}</bdi></p>` : '') +
    (known?.authorName
      ? `<p class="ll-shared-author">${esc(ctx.messages.by)} <bdi>${esc(known.authorName)}</bdi></p>`
      : '') +
    `<p class="ll-shared-actions"${ui}>` +
    // Shown once the script runs (.ll-js); without it the link is the embed.
    `<button type="button" class="ll-shared-load ll-shared-js" data-embed-load>${esc(m.load(embed.kind, name, embedFrameHost(embed.provider)))}</button> ` +
    `<a class="ll-shared-link" href="${url}" target="_blank" rel="noopener noreferrer">${esc(m.open(name))}</a>` +
    `</p>` +
    `<p class="ll-shared-pref ll-shared-js"${ui}><label><input type="checkbox" data-embed-always> ${esc(m.always(name))}</label></p>` +
    `</div>` +
    `</figure>`
  );
}

/** The body with each embed figure replaced by its card; everything else untouched. */
export function renderBodyEmbeds(body: string, ctx: EmbedCardContext): string {
  const figures = findEmbedFigures(body);
  if (!figures.length) return body;
  let out = '';
  let at = 0;
  for (const f of figures) {
    // Stored bodies only hold supported embeds; anything else keeps its stored fallback.
    out += body.slice(at, f.start) + (f.embed ? renderEmbedCard(f.embed, ctx) : body.slice(f.start, f.end));
    at = f.end;
  }
  return out + body.slice(at);
}

/** The canonical URLs embedded in these bodies (to ask the preview cache once per page). */
export function embedUrlsOf(bodies: string[]): string[] {
  return [...new Set(bodies.flatMap((b) => findEmbedFigures(b).flatMap((f) => (f.embed ? [f.embed.url] : []))))];
}

export const EMBED_CSS = `
.ll-shared{margin:1rem 0}
.ll-shared-card{border:1px solid var(--ll-line);border-radius:.5rem;background:var(--ll-card);padding:.75rem 1rem}
.ll-shared-head{display:flex;align-items:center;gap:.5rem;margin:0;font-weight:700}
.ll-shared-icon{flex:none}
.ll-shared-title{margin:.4rem 0 0}
.ll-shared-author{margin:.2rem 0 0;color:var(--ll-muted);font-size:.9rem}
.ll-shared-actions{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:.6rem 0 0}
.ll-shared-load{font:inherit;font-size:.9rem;padding:.4rem .8rem;border:1px solid var(--ll-link);border-radius:.4rem;background:var(--ll-bg);color:var(--ll-link);cursor:pointer;text-align:start}
.ll-shared-load:focus-visible,.ll-shared-pref input:focus-visible{outline:2px solid var(--ll-link);outline-offset:2px}
.ll-shared-pref{margin:.5rem 0 0;font-size:.85rem;color:var(--ll-muted)}
.ll-shared-js{display:none}
.ll-js .ll-shared-load.ll-shared-js{display:inline-block}
.ll-js .ll-shared-pref.ll-shared-js{display:block}
.ll-shared-frame{display:block;inline-size:100%;block-size:32rem;max-block-size:80vh;border:0;border-radius:.5rem;margin-block-start:.6rem;background:var(--ll-bg)}
.ll-shared[data-kind=video][data-provider=youtube] .ll-shared-frame,.ll-shared[data-provider=vimeo] .ll-shared-frame,.ll-shared[data-provider=facebook][data-kind=video] .ll-shared-frame{block-size:auto;aspect-ratio:16/9}
`;

/** schema.org: each embed of an entry is content it shares (JSON-LD `sharedContent`). */
export function embedSharedContent(body: string): { sharedContent?: Array<{ '@type': string; url: string }> } {
  const shared = findEmbedFigures(body).flatMap((f) =>
    f.embed ? [{ '@type': f.embed.kind === 'post' ? 'SocialMediaPosting' : 'VideoObject', url: f.embed.url }] : [],
  );
  return shared.length ? { sharedContent: shared } : {};
}
