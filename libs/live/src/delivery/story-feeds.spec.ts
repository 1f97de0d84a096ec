import type { TimelineEvent } from '@liveline/contracts';
import type { Env } from '@liveline/core';
import type { EventLog } from '@liveline/timeline';
import type { NoticeListener } from './notice-listener';
import type { Readership } from './readership';
import { StoryFeeds } from './story-feeds';

// Nest 12 is ESM-only, which unit specs cannot load: the few names StoryFeeds takes from it and
// from the Nest-based libs are stood in for (its logic is plain TypeScript).
jest.mock('@nestjs/common', () => ({
  Injectable: () => () => undefined,
  Logger: class {
    warn() {}
    error() {}
    log() {}
  },
}));
jest.mock('@liveline/core', () => ({ Env: class {} }));
jest.mock('@liveline/timeline', () => ({
  EVENTS_CHANNEL: 'liveline_events',
  EventLog: class {},
  TimelineException: { storyNotFound: (ref: string) => new Error(`not found: ${ref}`) },
}));
jest.mock('./notice-listener', () => ({ NoticeListener: class {} }));
jest.mock('./readership', () => ({ Readership: class {} }));

const ev = (seq: number): TimelineEvent => ({ seq, type: 'entry.updated', storyId: 's', at: '2024-10-21T00:00:00Z' });

/**
 * A log whose committed head and events the test sets; each head read waits for `gate` when
 * set, each catch-up read (readSince) for `sinceGate`. `headReads` counts the head reads.
 */
function fakeLog() {
  const state = {
    head: 3,
    gate: undefined as Promise<void> | undefined,
    sinceGate: undefined as Promise<void> | undefined,
    headReads: 0,
  };
  const events = () => Array.from({ length: state.head }, (_, i) => ev(i + 1));
  const log = {
    readTail: async () => ({ head: state.head, events: events(), isPublic: true }),
    committedHead: async () => {
      state.headReads++;
      await state.gate;
      return state.head;
    },
    readSince: async (_: string, since: number, limit: number) => {
      await state.sinceGate;
      return events().slice(since, since + limit);
    },
  };
  return { state, log: log as unknown as EventLog };
}

/** `inProcess`: notices come from this process's own commits (PGlite); `notify` sends one. */
function feedsWith(log: EventLog, { inProcess = false } = {}) {
  let onNotice: (payload: string) => void = () => undefined;
  const notices = {
    inProcess,
    on: (_: string, handler: (payload: string) => void) => (onNotice = handler),
    onReconnect: () => undefined,
  } as unknown as NoticeListener;
  const env = { REPLAY_WINDOW: 100, FEED_IDLE_EVICT_MS: 0 } as unknown as Env;
  const readership = { readers: () => 0 } as unknown as Readership;
  const feeds = new StoryFeeds(log, notices, env, readership);
  feeds.onModuleInit();
  feeds.onApplicationShutdown();
  const evict = () => (feeds as unknown as { evictIdle(): void }).evictIdle();
  const notify = (seq: number, withEvent = true) =>
    onNotice(JSON.stringify({ storyId: 's', seq, ...(withEvent ? { event: ev(seq) } : {}) }));
  return { feeds, evict, notify };
}

describe('StoryFeeds', () => {
  it('never hands out a feed that was dropped while its caller waited for the committed head', async () => {
    const { state, log } = fakeLog();
    const { feeds, evict } = feedsWith(log);
    await feeds.feed('s');
    let open!: () => void;
    state.gate = new Promise((r) => (open = r));
    const pending = feeds.current('s');
    await new Promise((r) => setTimeout(r, 5));
    evict();
    state.gate = undefined;
    open();
    const feed = await pending;
    // The feed returned is the one events are delivered through.
    expect(feeds.loadedHead('s')).toBe(feed.head);
    expect(feeds.loadedFeeds()).toBe(1);
    const got: number[] = [];
    feeds.onEvent((e) => got.push(e.seq));
    state.head = 4;
    await feeds.refresh(feed);
    expect(got).toEqual([4]);
  });

  it('delivers nothing through a feed dropped while it caught up: the current feed delivers each event once', async () => {
    const { state, log } = fakeLog();
    const { feeds, evict } = feedsWith(log);
    const dropped = await feeds.feed('s');
    await new Promise((r) => setTimeout(r, 2));
    evict();
    const got: number[] = [];
    feeds.onEvent((e) => got.push(e.seq));
    state.head = 5;
    const current = await feeds.current('s');
    expect(current).not.toBe(dropped);
    await feeds.refresh(dropped);
    state.head = 6;
    await feeds.refresh(current);
    expect(got).toEqual([6]);
  });

  describe("when every commit is this process's own (PGlite)", () => {
    it('is current without reading the committed head once it applied every notice heard', async () => {
      const { state, log } = fakeLog();
      const { feeds, notify } = feedsWith(log, { inProcess: true });
      await feeds.feed('s');
      state.head = 5;
      notify(4);
      notify(5);
      const feed = await feeds.current('s');
      expect(feed.head).toBe(5);
      expect(feed.since(3)?.map((e) => e.seq)).toEqual([4, 5]);
      expect(state.headReads).toBe(0);
    });

    it('waits for notices heard but still queued behind a catch-up, and still reads nothing', async () => {
      const { state, log } = fakeLog();
      const { feeds, notify } = feedsWith(log, { inProcess: true });
      await feeds.feed('s');
      // A notice without its event (too large for NOTIFY) queues a read; the next one waits behind it.
      let open!: () => void;
      state.sinceGate = new Promise((r) => (open = r));
      state.head = 5;
      notify(4, false);
      notify(5);
      let settled = false;
      const pending = feeds.current('s').then((f) => ((settled = true), f));
      await new Promise((r) => setTimeout(r, 5));
      // Returning the feed at head 3 now would replay less than was committed and announced.
      expect(settled).toBe(false);
      open();
      const feed = await pending;
      expect(feed.head).toBe(5);
      expect(state.headReads).toBe(0);
    });

    it('reads the committed head when the feed may have missed notices or a reader claims a seq it never heard of', async () => {
      const { state, log } = fakeLog();
      const { feeds } = feedsWith(log, { inProcess: true });
      const feed = await feeds.feed('s');
      // A seq newer than any notice (another data directory, a restored backup): the log decides.
      state.head = 4;
      expect((await feeds.current('s', 4)).head).toBe(4);
      expect(state.headReads).toBe(1);
      feed.fellBehind();
      state.head = 6;
      expect((await feeds.current('s')).head).toBe(6);
      expect(state.headReads).toBe(2);
    });
  });

  it('reads the committed head for every caught-up replay on PostgreSQL, where other processes commit too', async () => {
    const { state, log } = fakeLog();
    const { feeds, notify } = feedsWith(log);
    await feeds.feed('s');
    notify(4);
    state.head = 5;
    // Another process committed 5; its notice is still on the way.
    expect((await feeds.current('s')).head).toBe(5);
    expect(state.headReads).toBe(1);
  });
});
