import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { TimelineEvent } from '@liveline/contracts';
import { Env } from '@liveline/core';
import { EVENTS_CHANNEL, EventLog, TimelineException, type EventNotice } from '@liveline/timeline';
import { NoticeListener } from './notice-listener';
import { BatchedLookup } from './batched-lookup';
import { StoryFeed } from './story-feed';
import { Readership } from './readership';

type EventListener = (event: TimelineEvent) => void;

const CATCH_UP_BATCH = 500;

// Delivers each story's committed events, in seq order, exactly once per process, to the
// listeners (the gateway's room broadcast, page caches). Fed by NOTIFY; a gap, a notice too
// large to carry its event, or a lost listening connection is filled from the event log.
@Injectable()
export class StoryFeeds implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('StoryFeeds');
  private readonly feeds = new Map<string, StoryFeed>();
  private readonly listeners = new Set<EventListener>();
  private readonly heads = new BatchedLookup((id) => {
    this.reads++;
    return this.log.committedHead(id);
  });
  private sweeper?: NodeJS.Timeout;
  /** Database reads made for delivery (loads and catch-ups); for the catch-up benchmark. */
  reads = 0;

  constructor(
    private readonly log: EventLog,
    private readonly notices: NoticeListener,
    private readonly env: Env,
    private readonly readership: Readership,
  ) {}

  onModuleInit(): void {
    this.notices.on(EVENTS_CHANNEL, (payload) => this.onNotice(JSON.parse(payload) as EventNotice));
    this.notices.onReconnect(() => {
      for (const feed of this.feeds.values()) {
        feed.fellBehind();
        this.refreshInBackground(feed);
      }
    });
    this.sweeper = setInterval(
      () => this.evictIdle(),
      Math.min(60_000, Math.max(100, this.env.FEED_IDLE_EVICT_MS / 2)),
    ).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The loaded feed of a story; concurrent first calls share one load. Always the feed this
   * process delivers through: one evicted while the caller waited is never handed out.
   */
  async feed(storyId: string): Promise<StoryFeed> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const feed = this.feedOf(storyId);
      if (!feed.loaded) await feed.enqueue(async () => undefined);
      if (!feed.loaded) throw new Error(`could not load the event log of ${storyId}`);
      if (this.delivering(feed)) {
        feed.lastUsed = Date.now();
        return feed;
      }
    }
    throw new Error(`the feed of ${storyId} kept being dropped while loading`);
  }

  private feedOf(storyId: string): StoryFeed {
    let feed = this.feeds.get(storyId);
    if (!feed) {
      feed = new StoryFeed(storyId, this.env.REPLAY_WINDOW);
      this.feeds.set(storyId, feed);
      const f = feed;
      void f
        .catchUp(async () => {
          this.reads++;
          const { head, events, isPublic } = await this.log.readTail(storyId, this.env.REPLAY_WINDOW);
          f.reset(head, events, isPublic);
        })
        .catch(() => this.feeds.get(storyId) === f && this.feeds.delete(storyId));
    }
    feed.lastUsed = Date.now();
    return feed;
  }

  /** Whether `feed` is the one this process delivers through (not one dropped meanwhile). */
  private delivering(feed: StoryFeed): boolean {
    return this.feeds.get(feed.storyId) === feed;
  }

  /**
   * The head seq of a story's loaded feed without loading it (undefined when not loaded), for
   * the read fast path's per-request check; counts as a use, so a hot story stays loaded.
   */
  loadedHead(storyId: string): number | undefined {
    const feed = this.feeds.get(storyId);
    if (!feed?.loaded || feed.behind) return undefined;
    feed.lastUsed = Date.now();
    return feed.head;
  }

  /**
   * Up to `limit` events after `since` with the head they were read at: from the feed's tail
   * when it reaches back that far, else from the stored log (one snapshot), so any `since`
   * pages through the whole log.
   */
  async page(storyId: string, since: number, limit: number): Promise<{ head: number; events: TimelineEvent[] }> {
    const feed = await this.current(storyId);
    if (!feed.isPublic) throw TimelineException.storyNotFound(storyId);
    const tail = feed.since(since);
    if (tail) return { head: feed.head, events: tail.slice(0, limit) };
    this.reads++;
    const read = await this.log.readPage(storyId, since, limit);
    if (!read.isPublic) throw TimelineException.storyNotFound(storyId);
    return read;
  }

  async headSeq(storyId: string): Promise<number> {
    return (await this.feed(storyId)).head;
  }

  /**
   * The feed, caught up with every event committed before this call (and with `atLeast`, a
   * seq a reader claims to have seen): HTTP readers may have just written through another
   * process, and the NOTIFY may still be on its way. It is the feed this process delivers
   * through when this returns, so a caller that joins the story's room before its next await
   * misses nothing and gets nothing twice.
   */
  async current(storyId: string, atLeast = 0): Promise<StoryFeed> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const feed = await this.feed(storyId);
      if (!(await this.currentByNotices(feed, atLeast))) {
        const committed = await this.heads.lookup(storyId);
        if (committed > feed.head || atLeast > feed.head || feed.behind) await this.refresh(feed);
      }
      if (this.delivering(feed)) {
        feed.lastUsed = Date.now();
        return feed;
      }
    }
    throw new Error(`the feed of ${storyId} kept being dropped while catching up`);
  }

  /**
   * Where every commit's notice is dispatched in this process before the commit returns
   * (PGlite, see NoticeListener.inProcess), the feed is current, with no read, once it has
   * applied every notice it heard: a commit whose notice it has not heard is still running, so
   * it is concurrent with this caller, as a commit just after a head read would be. False
   * (read the committed head) otherwise, and when the feed may have missed notices or the
   * caller claims a seq it has not heard of.
   */
  private async currentByNotices(feed: StoryFeed, atLeast: number): Promise<boolean> {
    if (!this.notices.inProcess || feed.behind) return false;
    // Notices heard but still queued behind a catch-up: applied in order before this returns.
    if (feed.heard > feed.head) await feed.enqueue(async () => undefined);
    return !feed.behind && feed.head >= feed.heard && atLeast <= feed.head;
  }

  /** Catches the feed up with the committed log (for a reader who claims a newer seq). */
  async refresh(feed: StoryFeed): Promise<void> {
    await feed.catchUp(() => feed.catchingUp(() => this.readAfter(feed, Infinity)));
  }

  /** A catch-up nobody waits for: a failure leaves the feed behind, and the next reader's current() tries again. */
  private refreshInBackground(feed: StoryFeed): void {
    this.refresh(feed).catch((e: Error) => this.logger.warn(`Catch-up of ${feed.storyId} failed: ${e.message}`));
  }

  private onNotice(notice: EventNotice) {
    const feed = this.feeds.get(notice.storyId);
    // Not loaded here: a later load reads it from the log.
    if (!feed) return;
    feed.heard = Math.max(feed.heard, notice.seq);
    void feed
      .enqueue(async () => {
        if (!feed.loaded || notice.seq <= feed.head) return;
        if (notice.event && notice.seq === feed.head + 1) this.deliver(feed, notice.event);
        else await this.readAfter(feed, notice.seq);
      })
      .catch((e) => {
        this.logger.warn(`Catch-up of ${notice.storyId} failed (${(e as Error).message}); retrying`);
        feed.fellBehind();
        // A failed retry leaves the feed behind: the next reader's current() catches it up.
        setTimeout(() => this.refreshInBackground(feed), 500).unref();
      });
  }

  private async readAfter(feed: StoryFeed, until: number) {
    while (feed.head < until) {
      this.reads++;
      const events = await this.log.readSince(feed.storyId, feed.head, CATCH_UP_BATCH);
      for (const e of events) this.deliver(feed, e);
      if (events.length < CATCH_UP_BATCH) return;
    }
  }

  private deliver(feed: StoryFeed, event: TimelineEvent) {
    if (!feed.accept(event)) return;
    // A feed dropped while it was catching up keeps its tail to itself: the story's current
    // feed (loaded from the log after it) delivers, once.
    if (!this.delivering(feed)) return;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (e) {
        this.logger.error(`Event listener failed: ${(e as Error).stack}`);
      }
    }
  }

  /** Feeds with nobody subscribed and unused for a while are dropped; they reload on demand. */
  private evictIdle() {
    const now = Date.now();
    for (const [id, feed] of this.feeds) {
      if (this.readership.readers(id) === 0 && now - feed.lastUsed > this.env.FEED_IDLE_EVICT_MS) this.feeds.delete(id);
    }
  }

  loadedFeeds(): number {
    return this.feeds.size;
  }
}
