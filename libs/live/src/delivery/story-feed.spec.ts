import type { TimelineEvent } from '@liveline/contracts';
import { StoryFeed } from './story-feed';

const ev = (seq: number): TimelineEvent => ({ seq, type: 'entry.updated', storyId: 's', at: '2024-10-21T00:00:00Z' });

describe('StoryFeed', () => {
  it('replays exactly the events after since, in order', () => {
    const f = new StoryFeed('s', 10);
    f.reset(5, [1, 2, 3, 4, 5].map(ev));
    expect(f.since(2)!.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(f.since(5)).toEqual([]);
    expect(f.since(0)!.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('asks for a resync when since is older than the window', () => {
    const f = new StoryFeed('s', 3);
    f.reset(10, [8, 9, 10].map(ev));
    expect(f.since(7)!.map((e) => e.seq)).toEqual([8, 9, 10]);
    expect(f.since(6)).toBeNull();
  });

  it('accepts the next event once, ignores repeats and refuses gaps', () => {
    const f = new StoryFeed('s', 10);
    f.reset(2, [ev(1), ev(2)]);
    expect(f.accept(ev(3))).toBe(true);
    expect(f.accept(ev(3))).toBe(false);
    expect(f.accept(ev(2))).toBe(false);
    expect(() => f.accept(ev(5))).toThrow(/gap/);
    expect(f.head).toBe(3);
  });

  it('keeps the tail bounded', () => {
    const f = new StoryFeed('s', 4);
    f.reset(0, []);
    for (let i = 1; i <= 20; i++) f.accept(ev(i));
    expect(f.since(16)!.map((e) => e.seq)).toEqual([17, 18, 19, 20]);
    expect(f.since(10)).toBeNull();
  });

  it('coalesces catch-ups requested while one is queued', async () => {
    const f = new StoryFeed('s', 4);
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = f.enqueue(() => gate);
    const a = f.catchUp(async () => void reads++);
    const b = f.catchUp(async () => void reads++);
    release();
    await Promise.all([first, a, b]);
    expect(reads).toBe(1);
  });
});

describe('StoryFeed and superseded events', () => {
  it('replays a corrected entry with its current content and a deleted one with none', () => {
    const f = new StoryFeed('s', 10);
    const entry = (body: string) => ({ id: 'e1', body }) as never;
    f.reset(1, [{ ...ev(1), type: 'entry.published', entry: entry('names the source') }]);
    f.accept({ ...ev(2), type: 'entry.updated', entry: entry('corrected') });
    expect(f.since(0)!.map((e) => e.entry?.body)).toEqual(['corrected', 'corrected']);
    f.accept({ ...ev(3), type: 'entry.deleted', entryId: 'e1' });
    expect(JSON.stringify(f.since(0))).not.toContain('corrected');
    expect(f.since(0)!.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('refuses a load whose events run past its head', () => {
    const f = new StoryFeed('s', 10);
    expect(() => f.reset(2, [ev(1), ev(2), ev(3)])).toThrow(/inconsistent/);
  });

  it('knows whether its story is public from its load and from each story.updated it accepts', () => {
    const f = new StoryFeed('s', 10);
    f.reset(1, [ev(1)], true);
    expect(f.isPublic).toBe(true);
    const story = (status: string) => ({ status }) as unknown as NonNullable<TimelineEvent['story']>;
    f.accept({ ...ev(2), type: 'story.updated', story: story('draft') });
    expect(f.isPublic).toBe(false);
    f.accept({ ...ev(3), type: 'story.updated', story: story('live') });
    expect(f.isPublic).toBe(true);
    f.reset(3, [ev(3)], false);
    expect(f.isPublic).toBe(false);
  });

  it('stays behind after missing notices until a catch-up that began afterwards succeeds', async () => {
    const f = new StoryFeed('s', 10);
    f.reset(1, [ev(1)]);
    expect(f.behind).toBe(false);
    f.fellBehind();
    expect(f.behind).toBe(true);
    // Notices missed again while a catch-up runs: that catch-up does not clear it.
    await f.catchingUp(async () => f.fellBehind());
    expect(f.behind).toBe(true);
    await expect(f.catchingUp(() => Promise.reject(new Error('database gone')))).rejects.toThrow();
    expect(f.behind).toBe(true);
    await f.catchingUp(async () => undefined);
    expect(f.behind).toBe(false);
  });
});
