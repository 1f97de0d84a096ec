// Embed blocks in the body editor: the reader's own card (libs/pages embed-card), filled in with
// what the server's preview says. The editor never loads the platform's frame.
import { findEmbedFigures, parseEmbedUrl, type EmbedPreview, type ParsedEmbed } from '@liveline/contracts';
import { EMBED_CSS, renderEmbedCard, messagesFor } from '@liveline/pages/markup';
import { api } from './api';

const previews = new Map<string, EmbedPreview>();
let styled = false;

// The card's colours come from the reader root's variables; the editor gives them its own.
const EDITOR_CSS = `.body-editor figure.ll-shared{--ll-line:#d9d9d9;--ll-card:#f7f7f7;--ll-muted:#5f6368;--ll-link:#0b57d0;--ll-bg:#fff;user-select:none}`;

function adoptStyles(): void {
  if (styled) return;
  styled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(EDITOR_CSS + EMBED_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** The block for one embed: the card readers get, locked against typing inside it. */
export function embedBlockHtml(embed: ParsedEmbed, lang: string): string {
  adoptStyles();
  const m = messagesFor(lang);
  const card = renderEmbedCard(embed, { messages: m, embeds: previews });
  return card.replace('<figure ', '<figure contenteditable="false" ');
}

/** Every embed figure in the editor shown as its card (stored bodies hold a fallback link). */
export function upgradeEmbeds(area: HTMLElement, lang: string): void {
  for (const figure of area.querySelectorAll<HTMLElement>('figure[data-embed]')) {
    if (figure.parentElement?.closest('figure[data-embed]')) continue;
    const embed = parseEmbedUrl(figure.getAttribute('data-embed') ?? '');
    if (!embed) continue;
    const tpl = document.createElement('template');
    tpl.innerHTML = embedBlockHtml(embed, lang);
    figure.replaceWith(tpl.content);
  }
}

/** Asks the server for previews of the embeds not yet known, then redraws their cards. */
export async function fillEmbedPreviews(area: HTMLElement, lang: string): Promise<void> {
  const urls = findEmbedFigures(area.innerHTML).flatMap((f) =>
    f.embed && !previews.has(f.embed.url) ? [f.embed.url] : [],
  );
  for (const url of new Set(urls)) {
    try {
      previews.set(url, await api.embedPreview(url));
    } catch {
      // No preview (offline, refused): the card shows what the URL says.
    }
  }
  // Redraw every card from its canonical URL, now with what is known.
  if (urls.length) upgradeEmbeds(area, lang);
}
