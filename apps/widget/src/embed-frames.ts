// Embedded posts and videos in the browser: a card's button (or a platform the reader chose to
// always load on this site) builds the platform's frame. Before that, nothing on the page
// points at the platform but a plain link, so no request reaches it.
import { EMBED_PROVIDERS, embedFrameUrl, parseEmbedUrl, type EmbedProvider } from '@liveline/contracts';
import type { EmbedMessages } from '@liveline/pages/markup';

const CARD = 'figure[data-embed]';
// Players need their own scripts and origin (it is not ours), popups to open the platform;
// no top navigation, no forms, no modals, no downloads.
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation';
const ALLOW = 'encrypted-media; picture-in-picture; fullscreen';

const key = (provider: string) => `liveline:embeds:always:${provider}`;

/** "Always load from this platform", per platform, in this site's localStorage (the host page's for the widget). */
export function alwaysLoads(provider: string): boolean {
  try {
    return localStorage.getItem(key(provider)) === '1';
  } catch {
    return false;
  }
}

function setAlwaysLoads(provider: string, on: boolean): void {
  try {
    if (on) localStorage.setItem(key(provider), '1');
    else localStorage.removeItem(key(provider));
  } catch {
    // Storage refused (private mode, a host's sandbox): the choice lasts for this page only.
  }
}

/** Builds the platform's frame inside a card; returns it, or null when the card is not a supported embed. */
export function loadEmbed(card: HTMLElement, messages: EmbedMessages): HTMLIFrameElement | null {
  const existing = card.querySelector<HTMLIFrameElement>('iframe');
  if (existing) return existing;
  const embed = parseEmbedUrl(card.getAttribute('data-embed') ?? '');
  if (!embed) return null;
  const title = card.querySelector('.ll-shared-title')?.textContent?.trim() || undefined;
  const frame = document.createElement('iframe');
  frame.className = 'll-shared-frame';
  frame.title = messages.frameTitle(embed.kind, EMBED_PROVIDERS[embed.provider].name, title);
  frame.setAttribute('sandbox', SANDBOX);
  frame.setAttribute('allow', ALLOW);
  frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
  frame.src = embedFrameUrl(embed);
  const button = card.querySelector<HTMLButtonElement>('[data-embed-load]');
  card.querySelector('.ll-shared-card')?.append(frame);
  if (button) button.hidden = true;
  return frame;
}

/**
 * Wires the cards under `root` (initial render and live arrivals alike, by delegation and a
 * MutationObserver) and returns the cleanup.
 */
export function activateEmbeds(root: HTMLElement, messages: EmbedMessages): () => void {
  root.classList.add('ll-js');
  const cards = () => [...root.querySelectorAll<HTMLElement>(CARD)];
  const sync = (card: HTMLElement) => {
    const provider = card.getAttribute('data-provider') ?? '';
    const box = card.querySelector<HTMLInputElement>('[data-embed-always]');
    if (box) box.checked = alwaysLoads(provider);
    if (alwaysLoads(provider)) loadEmbed(card, messages);
  };
  const onClick = (ev: Event) => {
    const button = (ev.target as Element | null)?.closest?.('[data-embed-load]');
    const card = button?.closest<HTMLElement>(CARD);
    if (!card || !root.contains(card)) return;
    loadEmbed(card, messages)?.focus();
  };
  const onChange = (ev: Event) => {
    const box = ev.target as HTMLInputElement | null;
    if (!box?.matches?.('[data-embed-always]')) return;
    const provider = box.closest(CARD)?.getAttribute('data-provider') as EmbedProvider | null;
    if (!provider || !(provider in EMBED_PROVIDERS)) return;
    setAlwaysLoads(provider, box.checked);
    // Undo stops future loads; frames already open stay until the page is left.
    for (const card of cards()) if (card.getAttribute('data-provider') === provider) sync(card);
  };
  root.addEventListener('click', onClick);
  root.addEventListener('change', onChange);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (!(node instanceof Element)) continue;
        const found = node.matches(CARD) ? [node] : [...node.querySelectorAll(CARD)];
        found.forEach((card) => sync(card as HTMLElement));
      }
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  cards().forEach(sync);
  return () => {
    observer.disconnect();
    root.removeEventListener('click', onClick);
    root.removeEventListener('change', onChange);
  };
}
