import type { EventPage, TimelineEvent } from '@liveline/contracts';
import { StoryFollower } from './story-follower';

const ev = (seq: number): TimelineEvent => ({
  seq,
  type: 'entry.updated',
  storyId: 's',
  at: '2024-10-21T08:00:00Z',
  entryId: `e${seq}`,
});
const settle = () => new Promise((r) => setTimeout(r, 0));

function follower(seq: number, log: (since: number) => Promise<EventPage>, resyncSeq = 0) {
  const applied: number[] = [];
  let resyncs = 0;
  const f = new StoryFollower(
    seq,
    log,
    {
      apply: (e) => applied.push(e.seq),
      resync: async () => {
        resyncs++;
        return resyncSeq;
      },
    },
    10,
  );
  return { f, applied, resyncs: () => resyncs };
}

describe('StoryFollower', () => {
  it('applies events in seq order and drops duplicates and replays', async () => {
    const { f, applied } = follower(2, async () => ({ events: [], seq: 2 }));
    f.receive([ev(1), ev(2), ev(3)]);
    f.receive([ev(3), ev(4)]);
    await settle();
    expect(applied).toEqual([3, 4]);
  });

  it('fills a gap from the events API before applying what came after it', async () => {
    const asked: number[] = [];
    const { f, applied } = follower(2, async (since) => {
      asked.push(since);
      return { events: [ev(3), ev(4), ev(5)], seq: 5 };
    });
    f.receive([ev(5)]);
    await settle();
    await settle();
    expect(asked).toEqual([2]);
    expect(applied).toEqual([3, 4, 5]);
  });

  it('catches up to a seq the server announces', async () => {
    const { f, applied } = follower(0, async (since) => ({
      events: [ev(1), ev(2)].filter((e) => e.seq > since),
      seq: 2,
    }));
    f.catchUpTo(2);
    await settle();
    await settle();
    expect(applied).toEqual([1, 2]);
  });

  it('reloads the page when the log can no longer replay, then goes on after it', async () => {
    const { f, applied, resyncs } = follower(1, async () => ({ events: [], seq: 9, resync: true }), 8);
    f.receive([ev(9)]);
    for (let i = 0; i < 5; i++) await settle();
    expect(resyncs()).toBe(1);
    expect(applied).toEqual([9]);
  });

  it('retries after a network failure without losing events', async () => {
    let fail = true;
    const { f, applied } = follower(0, async () => {
      if (fail) {
        fail = false;
        throw new Error('offline');
      }
      return { events: [ev(1)], seq: 2 };
    });
    f.receive([ev(2)]);
    await new Promise((r) => setTimeout(r, 40));
    expect(applied).toEqual([1, 2]);
  });

  it('keeps going when one event fails to render', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const applied: number[] = [];
    const f = new StoryFollower(0, async () => ({ events: [], seq: 0 }), {
      apply: (e) => {
        if (e.seq === 1) throw new Error('bad markup');
        applied.push(e.seq);
      },
      resync: async () => 0,
    });
    f.receive([ev(1), ev(2)]);
    await settle();
    expect(applied).toEqual([2]);
    errors.mockRestore();
  });
});
