import { supersede, type TimelineEvent } from '@liveline/contracts';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeEntry, makeStory, range, Reader, type Client } from '../support/api';

/** What the events a reader saw live replay as now: each rewritten by the later ones (only what is public now). */
const asReplayedNow = (events: TimelineEvent[]) => events.map((e, i) => events.slice(i + 1).reduce(supersede, e));

describe('live delivery (/live)', () => {
  let server: RunningServer;
  let editor: Client;
  let second: Client;
  const storage = freshStorage();

  beforeAll(async () => {
    server = await startServer({
      storage: await storage,
      env: { REPLAY_WINDOW: '20', MAX_SUBSCRIPTIONS_PER_SOCKET: '3' },
    });
    editor = client(server.url, await login(server.url));
    second = client(server.url, await login(server.url));
  });
  afterAll(() => server.stop());

  it('pushes every event to every subscriber in seq order under two concurrent writers', async () => {
    const s = await makeStory(editor);
    const readers = range(1, 12).map(
      (i) => new Reader(server.url, { transports: i % 4 === 0 ? ['polling'] : ['websocket'] }),
    );
    const acks = await Promise.all(readers.map((r) => r.subscribe(s.slug)));
    expect(acks.every((a) => a.ok && 'events' in a && a.events.length === 0 && a.seq === 0)).toBe(true);
    const writer = async (api: Client, tag: string) => {
      for (const i of range(1, 6)) {
        const e = await makeEntry(api, s.id, { body: `<p>${tag}${i}</p>` });
        if (i % 2 === 0)
          await api.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: `<p>${tag}${i} corrected</p>` });
        if (i === 5) await api.del(`/api/stories/${s.id}/entries/${e.id}`);
      }
      await api.patch(`/api/stories/${s.id}`, { summary: `by ${tag}` });
    };
    await Promise.all([writer(editor, 'a'), writer(second, 'b')]);
    const head = (await client(server.url).get(`/api/stories/${s.id}`)).body.seq;
    expect(head).toBe(2 * (6 + 3 + 1 + 1));
    // One more event after the head: a late duplicate would arrive before it on the same socket.
    expect((await editor.patch(`/api/stories/${s.id}`, { summary: 'after the writers' })).status).toBe(200);
    await Promise.all(readers.map((r) => r.until(s.id, head + 1)));
    const log = (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body.events as TimelineEvent[];
    for (const r of readers) {
      expect(r.seqs(s.id)).toEqual(range(1, head + 1));
      expect(asReplayedNow(r.events)).toEqual(log);
    }
    readers.forEach((r) => r.close());
  });

  it('replays what a reader missed after since, then continues live without a repeat', async () => {
    const s = await makeStory(editor);
    for (const i of range(1, 5)) await makeEntry(editor, s.id, { body: `<p>${i}</p>` });
    const reader = new Reader(server.url);
    const ack = await reader.subscribe(s.id, 2);
    expect(ack).toMatchObject({ ok: true, storyId: s.id, seq: 5 });
    expect('events' in ack && ack.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    await makeEntry(editor, s.id);
    await reader.until(s.id, 6);
    expect(reader.seqs(s.id)).toEqual([6]);
    reader.close();
  });

  it('asks for a resync when since is older than the replay window', async () => {
    const s = await makeStory(editor);
    for (const i of range(1, 25)) await makeEntry(editor, s.id, { body: `<p>${i}</p>` });
    const reader = new Reader(server.url);
    expect(await reader.subscribe(s.id, 2)).toEqual({ ok: true, storyId: s.id, seq: 25, resync: true });
    const inWindow = await reader.subscribe(s.id, 10);
    expect('events' in inWindow && inWindow.events.map((e) => e.seq)).toEqual(range(11, 25));
    // The HTTP twin pages through the whole log instead, in pages of limit.
    const old = (await client(server.url).get(`/api/stories/${s.id}/events?since=2&limit=10`)).body;
    expect(old.resync).toBeUndefined();
    expect(old.seq).toBe(25);
    expect(old.events.map((e: TimelineEvent) => e.seq)).toEqual(range(3, 12));
    expect(
      (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body.events.map(
        (e: TimelineEvent) => e.seq,
      ),
    ).toEqual(range(1, 25));
    reader.close();
  });

  it('answers junk subscribes with {ok: false, error} and keeps the socket usable', async () => {
    const s = await makeStory(editor);
    const draft = await makeStory(editor, { status: 'draft' });
    const reader = new Reader(server.url);
    const junk: unknown[] = [
      42,
      'x',
      null,
      [],
      {},
      { story: 42 },
      { story: '' },
      { story: 'x'.repeat(10_000) },
      { story: s.id, since: -1 },
      { story: s.id, since: 1.5 },
      { story: s.id, since: '3' },
      { story: s.id, extra: true },
      { story: 'no-such-story' },
      { story: draft.slug },
    ];
    for (const payload of junk) {
      const ack = (await reader.emitRaw('subscribe', payload)) as {
        ok: boolean;
        error: { code: string; message: string };
      };
      expect(ack.ok).toBe(false);
      expect(typeof ack.error.code).toBe('string');
      expect(typeof ack.error.message).toBe('string');
    }
    expect((await reader.emitRaw('unsubscribe', 7)) as object).toMatchObject({ ok: false });
    const good = await reader.subscribe(s.id);
    expect(good.ok).toBe(true);
    await makeEntry(editor, s.id);
    await reader.until(s.id, 1);
    reader.close();
  });

  it('drops the connection for an oversized payload and refuses more subscriptions than the cap', async () => {
    const stories = await Promise.all(range(1, 4).map(() => makeStory(editor)));
    const reader = new Reader(server.url);
    for (const s of stories.slice(0, 3)) expect((await reader.subscribe(s.id)).ok).toBe(true);
    expect(await reader.subscribe(stories[3].id)).toMatchObject({
      ok: false,
      error: { code: 'too_many_subscriptions' },
    });
    expect((await reader.emitRaw('unsubscribe', { story: stories[0].id })) as object).toEqual({ ok: true });
    expect((await reader.subscribe(stories[3].id)).ok).toBe(true);
    const huge = new Reader(server.url);
    await huge.connected();
    const dropped = new Promise<void>((r) => huge.socket.once('disconnect', () => r()));
    huge.socket.emit('subscribe', { story: 'y'.repeat(200_000) });
    await dropped;
    reader.close();
  });

  it('stops pushing a story after unsubscribe', async () => {
    const s = await makeStory(editor);
    const reader = new Reader(server.url);
    await reader.subscribe(s.id);
    await makeEntry(editor, s.id);
    await reader.until(s.id, 1);
    await reader.emitRaw('unsubscribe', { story: s.slug });
    // Proven by what comes after on the same socket: an event of another story it still follows.
    const other = await makeStory(editor);
    await reader.subscribe(other.id);
    await makeEntry(editor, s.id);
    await makeEntry(editor, other.id);
    await reader.until(other.id, 1);
    expect(reader.seqs(s.id)).toEqual([1]);
    reader.close();
  });

  it('resumes with since across kill -9 and restart: nothing missed, nothing twice', async () => {
    const s = await makeStory(editor);
    const reader = new Reader(server.url);
    await reader.subscribe(s.id, 0);
    for (const i of range(1, 3)) await makeEntry(editor, s.id, { body: `<p>${i}</p>` });
    await reader.until(s.id, 3);
    reader.close();
    await server.kill();
    server = await startServer({
      storage: await storage,
      env: { REPLAY_WINDOW: '20', MAX_SUBSCRIPTIONS_PER_SOCKET: '3' },
    });
    editor = client(server.url, await login(server.url));
    second = client(server.url, await login(server.url));
    // Written while the reader was away.
    await makeEntry(editor, s.id, { body: '<p>4</p>' });
    const back = new Reader(server.url);
    const ack = await back.subscribe(s.id, reader.events.at(-1)!.seq);
    expect('events' in ack && ack.events.map((e) => e.seq)).toEqual([4]);
    await makeEntry(editor, s.id, { body: '<p>5</p>' });
    await back.until(s.id, 5);
    expect([
      ...reader.seqs(s.id),
      ...('events' in ack ? ack.events.map((e) => e.seq) : []),
      ...back.seqs(s.id),
    ]).toEqual([1, 2, 3, 4, 5]);
    back.close();
  });

  it('counts live readers per story for the newsroom', async () => {
    const s = await makeStory(editor);
    const readers = range(1, 3).map(() => new Reader(server.url));
    await Promise.all(readers.map((r) => r.subscribe(s.id)));
    await eventually(
      async () => (await editor.get(`/api/stories/${s.id}/presence`)).body.readers === 3,
      5000,
      'presence of 3',
    );
    readers[0].close();
    await eventually(
      async () => (await editor.get(`/api/stories/${s.id}/presence`)).body.readers === 2,
      5000,
      'presence of 2',
    );
    expect((await client(server.url).get(`/api/stories/${s.id}/presence`)).status).toBe(401);
    readers.forEach((r) => r.close());
  });

  it('sends entries with their content so the page needs no refetch', async () => {
    const s = await makeStory(editor);
    const reader = new Reader(server.url);
    await reader.subscribe(s.id);
    const e = await makeEntry(editor, s.id, { body: '<p>عاجل</p>', headline: 'خبر' });
    await reader.until(s.id, 1);
    expect(reader.events[0]).toMatchObject({
      seq: 1,
      type: 'entry.published',
      storyId: s.id,
      entry: { id: e.id, body: '<p>عاجل</p>', headline: 'خبر', version: 1 },
    });
    reader.close();
  });
});
