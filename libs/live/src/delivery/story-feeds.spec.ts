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

/** A log whose committed head and events the test sets; each head read waits for `gate` when set. */
function fakeLog() {
  const state = { head: 3, gate: undefined as Promise<void> | undefined };
  const events = () => Array.from({ length: state.head }, (_, i) => ev(i + 1));
  const log = {
    readTail: async () => ({ head: state.head, events: events(), isPublic: true }),
    committedHead: async () => {
      await state.gate;
      return state.head;
    },
    readSince: async (_: string, since: number, limit: number) => events().slice(since, since + limit),
  };
  return { state, log: log as unknown as EventLog };
}

function feedsWith(log: EventLog) {
  const notices = { on: () => undefined, onReconnect: () => undefined } as unknown as NoticeListener;
  const env = { REPLAY_WINDOW: 100, FEED_IDLE_EVICT_MS: 0 } as unknown as Env;
  const readership = { readers: () => 0 } as unknown as Readership;
  const feeds = new StoryFeeds(log, notices, env, readership);
  const evict = () => (feeds as unknown as { evictIdle(): void }).evictIdle();
  return { feeds, evict };
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
});
