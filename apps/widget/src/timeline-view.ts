import type { Entry, Story, TimelineEvent } from '@liveline/contracts';
import { formatAbsolute, formatRelative, zoneLabel } from '@liveline/pages/markup';
import {
  compareEntries,
  entryTitle,
  renderCoverage,
  renderEntry,
  renderKeyEventItem,
  renderStatusBadge,
  sortKeyOf,
  type MarkupContext,
} from '@liveline/pages/markup';
import { onClockTick } from './clock';
import { clockZone, prefersReaderClock, setPrefersReaderClock } from './clock-zone';
import { activateEmbeds } from './embed-frames';
import type { LiveSink } from './live-client';
import type { ReadApi } from './read-api';

export interface TimelineViewOptions {
  /** The `.ll-root` element holding the timeline markup (in the page or a shadow root). */
  container: HTMLElement;
  story: Story;
  api: ReadApi;
  ctx: Omit<MarkupContext, 'now' | 'timeZone'>;
  /** Page size for "load older" and resyncs. */
  limit: number;
  nextCursor: string | null;
  olderHref(cursor: string): string;
  /** Set on a page reached through "load older": new entries then link to the latest page. */
  latestHref: string | null;
  /** Count unseen updates in the document title (the reader page only). */
  titleCounter: boolean;
  onStory?(story: Story): void;
  onEntry?(entryId: string, entry: Entry | null, at: string): void;
}

const OFFLINE_NOTICE_MS = 3000;
const ANNOUNCE_DELAY_MS = 1000;

/**
 * A live timeline in the DOM: applies events in place, holds new entries back behind an
 * "N new updates" button while the reader is scrolled into the list, pages back, and keeps
 * times current. The same class drives the reader page, the embed and every widget.
 */
export class TimelineView {
  private story: Story;
  private nextCursor: string | null;
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly top: HTMLElement;
  private readonly pinnedSlot: HTMLElement | null;
  private readonly keyNav: HTMLElement | null;
  private readonly newButton: HTMLButtonElement;
  private readonly announcer: HTMLElement;
  private readonly older: HTMLAnchorElement;
  private readonly empty: HTMLElement | null;
  /** New entries held back while the reader is scrolled into the list. */
  private readonly queue = new Map<string, Entry>();
  /** New entries the reader has not had in view yet (the title counter). */
  private readonly unseen = new Set<string>();
  private announcements: string[] = [];
  private announceTimer: ReturnType<typeof setTimeout> | null = null;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  private topVisible = true;
  private listVisible = false;
  private readonly baseTitle: string;
  private readonly cleanups: Array<() => void> = [];
  /** Absolute times are in the story's zone, or the reader's own once they switch. */
  private readerClock = prefersReaderClock();
  private zone: string;
  private readonly clock: HTMLElement | null;

  constructor(private readonly opts: TimelineViewOptions) {
    const root = opts.container;
    const q = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector);
    this.root = root;
    this.story = opts.story;
    this.nextCursor = opts.nextCursor;
    this.list = q('.ll-timeline')!;
    this.top = q('.ll-top')!;
    this.pinnedSlot = q('.ll-pinned');
    this.keyNav = q('.ll-key-events');
    this.newButton = q<HTMLButtonElement>('.ll-new')!;
    this.announcer = q('.ll-announcer')!;
    this.older = q<HTMLAnchorElement>('.ll-older')!;
    this.empty = q('.ll-empty');
    this.baseTitle = opts.story.title;
    this.zone = clockZone(opts.story, this.readerClock);
    this.clock = q('.ll-clock');
    const clockSwitch = this.clock?.querySelector<HTMLButtonElement>('.ll-clock-switch');
    if (clockSwitch) {
      clockSwitch.hidden = false;
      clockSwitch.addEventListener('click', () => {
        this.readerClock = !this.readerClock;
        setPrefersReaderClock(this.readerClock);
        this.syncClock();
      });
    }
    this.syncClock(false);

    this.newButton.addEventListener('click', () => this.showNew());
    const onOlder = (ev: MouseEvent) => {
      // Let readers open older pages in a new tab the usual way.
      if (!this.nextCursor || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      void this.loadOlder();
    };
    this.older.addEventListener('click', onOlder);

    const observer = new IntersectionObserver((records) => {
      for (const r of records) {
        if (r.target === this.top) this.topVisible = r.isIntersecting;
        else this.listVisible = r.isIntersecting;
      }
      this.onViewportChange();
    });
    observer.observe(this.top);
    observer.observe(this.list);
    const onVisibility = () => this.onViewportChange();
    document.addEventListener('visibilitychange', onVisibility);
    this.cleanups.push(
      () => observer.disconnect(),
      () => document.removeEventListener('visibilitychange', onVisibility),
      () => this.older.removeEventListener('click', onOlder),
      onClockTick((now) => this.refreshTimes(now)),
      activateEmbeds(root, opts.ctx.messages.embeds),
    );
    this.refreshTimes(Date.now());
  }

  /** What the live connection calls. */
  sink(): LiveSink {
    return {
      apply: (event) => this.apply(event),
      resync: () => this.resync(),
      connection: (online) => this.setOnline(online),
      refused: (error) => console.warn('liveline: subscription refused', error.code, error.message),
    };
  }

  destroy(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.announceTimer) clearTimeout(this.announceTimer);
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
  }

  apply(event: TimelineEvent): void {
    if (event.type === 'story.updated') {
      if (event.story) this.updateStory(event.story);
      return;
    }
    const id = event.entry?.id ?? event.entryId;
    if (!id) return;
    const entry = event.type !== 'entry.deleted' && event.entry?.status === 'published' ? event.entry : null;
    if (entry) this.upsert(entry, event.type === 'entry.published');
    else this.remove(id);
    this.syncEmpty();
    this.opts.onEntry?.(id, entry, event.at);
  }

  async loadOlder(): Promise<void> {
    if (!this.nextCursor || this.older.getAttribute('aria-busy') === 'true') return;
    this.older.setAttribute('aria-busy', 'true');
    try {
      const page = await this.opts.api.entries(this.story.id, { limit: this.opts.limit, before: this.nextCursor });
      const firstNew = page.items.find((e) => !this.find(e.id) && !this.queue.has(e.id));
      for (const entry of page.items)
        if (!this.find(entry.id) && !this.queue.has(entry.id)) this.insertSorted(this.elementFor(entry), true);
      this.setNextCursor(page.nextCursor);
      this.syncEmpty();
      // Keyboard and screen-reader users continue where the new entries start.
      if (firstNew) this.focusEntry(firstNew.id, false);
    } catch {
      this.say(this.opts.ctx.messages.loadFailed);
    } finally {
      this.older.removeAttribute('aria-busy');
    }
  }

  refreshTimes(now: number): void {
    const { locale } = this.opts.ctx;
    for (const el of this.root.querySelectorAll<HTMLTimeElement>('time[data-ll-time]')) {
      const iso = el.dateTime;
      const absolute = formatAbsolute(iso, locale, this.zone);
      const text = formatRelative(iso, now, locale) ?? absolute;
      if (el.textContent !== text) el.textContent = text;
      if (el.title !== absolute) el.title = absolute;
    }
  }

  private ctx(): MarkupContext {
    return { ...this.opts.ctx, now: Date.now(), timeZone: this.zone };
  }

  /** Puts the clock heading, its switch and every absolute time in the chosen zone. */
  private syncClock(refresh = true): void {
    this.zone = clockZone(this.story, this.readerClock);
    if (this.clock) {
      const m = this.opts.ctx.messages;
      const label = zoneLabel(this.zone, this.opts.ctx.locale);
      this.clock.dataset.zone = this.zone;
      const heading = this.clock.querySelector('.ll-clock-label');
      if (heading) heading.textContent = this.readerClock ? m.timesInReaderZone(label) : m.timesInStoryZone(label);
      const button = this.clock.querySelector<HTMLButtonElement>('.ll-clock-switch');
      if (button) {
        button.textContent = this.readerClock ? m.showStoryTime : m.showMyTime;
        button.setAttribute('aria-pressed', String(this.readerClock));
      }
    }
    if (refresh) this.refreshTimes(Date.now());
  }

  private find(id: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"]`);
  }

  private elementFor(entry: Entry): HTMLElement {
    const template = document.createElement('template');
    template.innerHTML = renderEntry(entry, this.ctx());
    return template.content.firstElementChild as HTMLElement;
  }

  private upsert(entry: Entry, published: boolean): void {
    if (this.queue.has(entry.id)) {
      this.queue.set(entry.id, entry);
      return;
    }
    const existing = this.find(entry.id);
    if (existing) {
      // A replay of what the page already shows (its HTML may be newer than our seq).
      if (Number(existing.dataset.version) >= entry.version) return;
      const inSlot = existing.parentElement === this.pinnedSlot;
      const el = this.elementFor(entry);
      if (inSlot === this.wantsSlot(entry) && existing.dataset.sort === sortKeyOf(entry)) existing.replaceWith(el);
      else {
        existing.remove();
        this.place(el, entry);
      }
      this.flash(el);
      this.syncKeyEvent(entry);
      return;
    }
    if (!this.belongsHere(entry)) return;
    if (!published) {
      this.place(this.elementFor(entry), entry);
      this.syncKeyEvent(entry);
      return;
    }
    const hidden = document.visibilityState !== 'visible';
    if (this.opts.latestHref || this.scrolledPast()) {
      this.queue.set(entry.id, entry);
      this.unseen.add(entry.id);
      this.syncNewButton();
    } else {
      const el = this.elementFor(entry);
      this.place(el, entry);
      this.flash(el);
      this.syncKeyEvent(entry);
      if (hidden) this.unseen.add(entry.id);
    }
    this.syncTitle();
    this.announceNew(entryTitle(entry, 120));
  }

  private remove(id: string): void {
    if (this.queue.delete(id)) this.syncNewButton();
    if (this.unseen.delete(id)) this.syncTitle();
    const el = this.find(id);
    if (el) {
      const slot = el.parentElement === this.pinnedSlot ? this.pinnedSlot : null;
      el.remove();
      if (slot) slot.hidden = !slot.querySelector('article');
    }
    this.keyItem(id)?.remove();
    this.syncKeyNav();
  }

  private wantsSlot(entry: Entry): boolean {
    return entry.pinned && !!this.pinnedSlot;
  }

  /** Puts an entry where it belongs: the pinned slot (the newest pin wins) or its place in time. */
  private place(el: HTMLElement, entry: Entry): void {
    if (this.wantsSlot(entry) && this.pinnedSlot) {
      const previous = this.pinnedSlot.querySelector<HTMLElement>('article');
      if (previous) {
        previous.remove();
        this.insertSorted(previous, false);
      }
      this.pinnedSlot.append(el);
      this.pinnedSlot.hidden = false;
      return;
    }
    this.insertSorted(el, true);
  }

  private insertSorted(el: HTMLElement, force: boolean): void {
    const key = keyOf(el);
    for (const other of this.list.querySelectorAll<HTMLElement>(':scope > article')) {
      if (compareEntries(key, keyOf(other)) < 0) {
        this.list.insertBefore(el, other);
        return;
      }
    }
    // Older than everything shown: it only belongs at the end when no older page is left out.
    if (force || !this.nextCursor) this.list.insertBefore(el, this.empty);
  }

  /** Whether an entry falls within the stretch of the story this view shows. */
  private belongsHere(entry: Entry): boolean {
    if (!this.nextCursor) return true;
    const articles = this.list.querySelectorAll<HTMLElement>(':scope > article');
    const oldest = articles[articles.length - 1];
    return !oldest || compareEntries(entry, keyOf(oldest)) <= 0;
  }

  private scrolledPast(): boolean {
    return this.listVisible && !this.topVisible;
  }

  private onViewportChange(): void {
    if (document.visibilityState !== 'visible') return;
    if (this.queue.size && this.topVisible && !this.opts.latestHref) this.releaseQueue();
    else if (!this.queue.size && !this.scrolledPast() && this.unseen.size) {
      this.unseen.clear();
      this.syncTitle();
    }
  }

  /** The "N new updates" button: on the latest page shows them, elsewhere goes to the latest page. */
  private showNew(): void {
    if (this.opts.latestHref) {
      location.href = this.opts.latestHref;
      return;
    }
    const first = this.releaseQueue();
    this.top.scrollIntoView({
      block: 'start',
      behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    if (first) this.focusEntry(first, true);
  }

  private releaseQueue(): string | null {
    const entries = [...this.queue.values()].sort(compareEntries);
    this.queue.clear();
    for (const entry of entries) {
      const el = this.elementFor(entry);
      this.place(el, entry);
      this.flash(el);
      this.syncKeyEvent(entry);
    }
    this.unseen.clear();
    this.syncNewButton();
    this.syncTitle();
    this.syncEmpty();
    return entries[0]?.id ?? null;
  }

  private focusEntry(id: string, preventScroll: boolean): void {
    const el = this.find(id);
    if (!el) return;
    el.tabIndex = -1;
    el.focus({ preventScroll });
  }

  private async resync(): Promise<number> {
    const [page, story] = await Promise.all([
      this.opts.api.entries(this.story.id, { limit: this.opts.limit }),
      this.opts.api.story(this.story.id),
    ]);
    this.queue.clear();
    this.unseen.clear();
    for (const el of this.list.querySelectorAll(':scope > article')) el.remove();
    for (const entry of page.items) {
      const el = this.elementFor(entry);
      const slotted = this.find(entry.id);
      if (slotted) slotted.replaceWith(el);
      else this.list.insertBefore(el, this.empty);
      this.syncKeyEvent(entry);
    }
    this.setNextCursor(page.nextCursor);
    this.updateStory(story);
    this.syncNewButton();
    this.syncTitle();
    this.syncEmpty();
    // Events after the older of the two snapshots replay harmlessly onto the newer one.
    return Math.min(page.seq, story.seq);
  }

  private updateStory(story: Story): void {
    const m = this.opts.ctx.messages;
    const zoneChanged = story.timeZone !== this.story.timeZone;
    this.story = story;
    if (zoneChanged) this.syncClock();
    const title = this.root.querySelector('.ll-title');
    if (title) (title.querySelector('a') ?? title).textContent = story.title;
    const summary = this.root.querySelector<HTMLElement>('.ll-summary');
    if (summary) {
      summary.textContent = story.summary;
      summary.hidden = !story.summary.trim();
    }
    const status = this.root.querySelector<HTMLElement>('.ll-status');
    if (status) {
      status.dataset.status = story.status;
      status.querySelector('.ll-status-badge')!.innerHTML = renderStatusBadge(story, m);
    }
    const coverage = this.root.querySelector('.ll-coverage');
    if (coverage) coverage.innerHTML = renderCoverage(story, this.ctx());
    this.opts.onStory?.(story);
    this.syncTitle();
  }

  private keyItem(id: string): HTMLElement | null {
    return this.keyNav?.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`) ?? null;
  }

  private syncKeyEvent(entry: Entry): void {
    const list = this.keyNav?.querySelector('ol');
    if (!list) return;
    const current = this.keyItem(entry.id);
    if (!entry.keyEvent) current?.remove();
    else {
      const template = document.createElement('template');
      template.innerHTML = renderKeyEventItem(entry, this.ctx());
      const item = template.content.firstElementChild as HTMLElement;
      current?.remove();
      const before = [...list.children].find((li) => compareEntries(keyOf(item), keyOf(li as HTMLElement)) < 0);
      list.insertBefore(item, before ?? null);
    }
    this.syncKeyNav();
  }

  private syncKeyNav(): void {
    if (this.keyNav) this.keyNav.hidden = !this.keyNav.querySelector('li');
  }

  private syncEmpty(): void {
    if (this.empty) this.empty.hidden = !!this.root.querySelector('article') || this.queue.size > 0;
  }

  private syncNewButton(): void {
    const n = this.queue.size;
    this.newButton.hidden = n === 0;
    if (n) this.newButton.textContent = this.opts.ctx.messages.newUpdates(n, this.opts.ctx.locale);
  }

  private syncTitle(): void {
    if (!this.opts.titleCounter) return;
    const n = this.unseen.size;
    const base = this.story.title || this.baseTitle;
    document.title = n ? `(${new Intl.NumberFormat(this.opts.ctx.locale).format(n)}) ${base}` : base;
  }

  private setNextCursor(cursor: string | null): void {
    this.nextCursor = cursor;
    if (cursor) {
      this.older.href = this.opts.olderHref(cursor);
      this.older.hidden = false;
    } else {
      this.older.removeAttribute('href');
      this.older.hidden = true;
    }
  }

  private setOnline(online: boolean): void {
    if (this.offlineTimer) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
    const notice = this.root.querySelector('.ll-offline');
    if (online) {
      notice?.remove();
      return;
    }
    // A blip that heals in a moment is not worth a message.
    this.offlineTimer = setTimeout(() => {
      if (this.root.querySelector('.ll-offline')) return;
      const p = document.createElement('p');
      p.className = 'll-offline';
      p.setAttribute('role', 'status');
      p.textContent = this.opts.ctx.messages.offline;
      this.root.querySelector('.ll-story')?.append(p);
    }, OFFLINE_NOTICE_MS);
  }

  private flash(el: HTMLElement): void {
    el.classList.add('ll-fresh');
    setTimeout(() => el.classList.remove('ll-fresh'), 3000);
  }

  /** Polite announcements of new entries, batched so a burst is one sentence, not a stream. */
  private announceNew(title: string): void {
    this.announcements.push(title);
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = null;
      const titles = this.announcements.splice(0);
      const { messages, locale } = this.opts.ctx;
      this.say(titles.length === 1 ? messages.newUpdate(titles[0]) : messages.newUpdates(titles.length, locale));
    }, ANNOUNCE_DELAY_MS);
  }

  private say(text: string): void {
    this.announcer.textContent = text;
  }
}

function keyOf(el: HTMLElement): { id: string; publishedAt: string; occurredAt: string } {
  const sort = el.dataset.sort ?? '';
  return { id: el.dataset.id ?? '', publishedAt: sort, occurredAt: sort };
}
