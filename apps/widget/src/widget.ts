// <liveline-timeline story="SLUG" limit="10" theme="light|dark|auto" lang="ar"> for any site.
// Everything lives in this bundle's closure and the element's shadow root: no globals, and the
// host page's CSS neither reaches in nor is touched.
import { directionOf, type Entry, type EntryPage, type Story } from '@liveline/contracts';
import {
  escapeHtml,
  formattingLocale,
  primaryOf,
  messagesFor,
  TIMELINE_CSS,
  entryAnchor,
  renderTimeline,
} from '@liveline/pages/markup';
import { liveConnection, type Following } from './live-client';
import { TimelineView } from './timeline-view';
import { clockZone } from './clock-zone';

const TAG = 'liveline-timeline';
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
const HOST_CSS = ':host{display:block;contain:content}:host([hidden]){display:none}';

// The server is wherever this script came from; read it now, currentScript is gone later.
const scriptSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? findScriptSrc();
const BASE = scriptSrc ? new URL(scriptSrc).origin : location.origin;

function findScriptSrc(): string | undefined {
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src*="/widget.js"]');
  return scripts[scripts.length - 1]?.src;
}

let sheet: CSSStyleSheet | null | undefined;
function sharedSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    // One constructed sheet for all widgets, and no <style> element for a host's CSP to refuse.
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(HOST_CSS + TIMELINE_CSS);
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

class LivelineTimeline extends HTMLElement {
  static observedAttributes = ['story', 'limit', 'theme', 'lang'];

  private readonly shadow: ShadowRoot;
  private view: TimelineView | null = null;
  private following: Following | null = null;
  /** Bumped on every restart so a slow load for an old `story` never renders. */
  private generation = 0;

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    const shared = sharedSheet();
    if (shared) this.shadow.adoptedStyleSheets = [shared];
    else this.shadow.innerHTML = `<style>${HOST_CSS}${TIMELINE_CSS}</style>`;
  }

  connectedCallback(): void {
    void this.start();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
    if (previous === next || !this.isConnected) return;
    if (name === 'theme') {
      this.shadow.querySelector('.ll-root')?.setAttribute('data-theme', this.theme());
      return;
    }
    this.stop();
    void this.start();
  }

  private theme(): string {
    const theme = this.getAttribute('theme');
    return theme === 'dark' || theme === 'auto' ? theme : 'light';
  }

  private limit(): number {
    const n = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
  }

  private async start(): Promise<void> {
    const generation = ++this.generation;
    const ref = this.getAttribute('story')?.trim();
    const root = this.mountRoot();
    if (!ref) return;
    root.setAttribute('aria-busy', 'true');
    const connection = liveConnection(BASE);
    const limit = this.limit();
    let story: Story;
    let page: EntryPage;
    try {
      [story, page] = await Promise.all([connection.api.story(ref), connection.api.entries(ref, { limit })]);
    } catch {
      if (generation !== this.generation) return;
      const messages = messagesFor(this.getAttribute('lang') || document.documentElement.lang || 'en');
      root.removeAttribute('aria-busy');
      root.innerHTML = `<p class="ll-empty">${escapeHtml(messages.loadFailed)}</p>`;
      return;
    }
    if (generation !== this.generation) return;

    // The widget's own words follow `lang`; the story's text keeps the story's language and direction.
    const uiLanguage = this.getAttribute('lang') || story.language;
    const pageUrl = `${BASE}/stories/${encodeURIComponent(story.slug)}`;
    const uiDirection = directionOf(uiLanguage);
    const ctx = {
      locale: formattingLocale(uiLanguage, navigator.languages),
      messages: messagesFor(uiLanguage),
      entryUrl: (id: string) => `${pageUrl}#${entryAnchor(id)}`,
      linkTarget: '_blank',
      mediaOrigin: BASE,
      ui: primaryOf(uiLanguage) !== primaryOf(story.language) ? { lang: uiLanguage, dir: uiDirection } : undefined,
    };
    const pinned: Entry | null = page.items.find((e) => e.pinned) ?? null;
    root.lang = story.language;
    root.dir = story.direction;
    root.innerHTML = renderTimeline(
      {
        story,
        entries: page.items,
        pinned,
        keyEvents: null,
        olderHref: page.nextCursor ? `${pageUrl}?before=${encodeURIComponent(page.nextCursor)}` : null,
        latestHref: null,
        titleHref: pageUrl,
        headingLevel: 2,
      },
      { ...ctx, now: Date.now(), timeZone: clockZone(story) },
    );
    root.removeAttribute('aria-busy');
    this.view = new TimelineView({
      container: root,
      story,
      api: connection.api,
      ctx,
      limit,
      nextCursor: page.nextCursor,
      olderHref: (cursor) => `${pageUrl}?before=${encodeURIComponent(cursor)}`,
      latestHref: null,
      titleCounter: false,
      onStory: (next) => {
        root.lang = next.language;
        root.dir = next.direction;
      },
    });
    // Events after the older of the two snapshots replay harmlessly onto the newer one.
    this.following = connection.follow(story.id, Math.min(story.seq, page.seq), this.view.sink());
  }

  private mountRoot(): HTMLElement {
    for (const el of [...this.shadow.children]) if (el.tagName !== 'STYLE') el.remove();
    const root = document.createElement('div');
    root.className = 'll-root';
    root.setAttribute('data-theme', this.theme());
    root.setAttribute('part', 'timeline');
    this.shadow.append(root);
    return root;
  }

  private stop(): void {
    this.generation++;
    this.following?.stop();
    this.following = null;
    this.view?.destroy();
    this.view = null;
  }
}

// A page that includes the script twice keeps the first definition (and its one connection).
if (!customElements.get(TAG)) customElements.define(TAG, LivelineTimeline);
