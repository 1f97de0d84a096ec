import { supersede, type TimelineEvent } from '@liveline/contracts';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeEntry, makeStory, range, Reader, type Client } from '../support/api';

/** What the events a reader saw live replay as now: each rewritten by the later ones (only what is public now). */
const asReplayedNow = (events: TimelineEvent[]) => events.map((e, i) => events.slice(i + 1).reduce(supersede, e));

// Several processes on one PostgreSQL, nothing else between them.
describe('two processes on one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let onA: Client;
  let onB: Client;
  let storage: Awaited<ReturnType<typeof freshStorage>>;

  beforeAll(async () => {
    storage = await freshStorage();
    [a, b] = await Promise.all([
      startServer({ storage, env: { SCHEDULER_INTERVAL_MS: '100' } }),
      startServer({ storage, env: { SCHEDULER_INTERVAL_MS: '100' } }),
    ]);
    onA = client(a.url, await login(a.url));
    onB = client(b.url, await login(b.url));
  });
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  it('delivers every event to readers on both processes, in order, under writers on both', async () => {
    const s = await makeStory(onA);
    const readers = [...range(1, 4).map(() => new Reader(a.url)), ...range(1, 4).map(() => new Reader(b.url))];
    await Promise.all(readers.map((r) => r.subscribe(s.id, 0)));
    const write = async (api: Client, tag: string) => {
      for (const i of range(1, 8)) {
        const e = await makeEntry(api, s.id, { body: `<p>${tag}${i}</p>` });
        if (i % 3 === 0) await api.patch(`/api/stories/${s.id}/entries/${e.id}`, { keyEvent: true });
      }
    };
    await Promise.all([write(onA, 'a'), write(onB, 'b'), write(onA, 'c'), write(onB, 'd')]);
    const head = (await onA.get(`/api/stories/${s.id}`)).body.seq;
    expect(head).toBe(4 * (8 + 2));
    // One more event after the head: a late duplicate would arrive before it on the same socket.
    expect((await onA.patch(`/api/stories/${s.id}`, { summary: 'after the writers' })).status).toBe(200);
    await Promise.all(readers.map((r) => r.until(s.id, head + 1)));
    const log = (await onB.get(`/api/stories/${s.id}/events?since=0`)).body.events as TimelineEvent[];
    expect(log.map((e) => e.seq)).toEqual(range(1, head + 1));
    for (const r of readers) expect(asReplayedNow(r.events)).toEqual(log);
    readers.forEach((r) => r.close());
  });

  it('delivers across processes within a few milliseconds of the commit', async () => {
    const s = await makeStory(onA);
    const reader = new Reader(b.url);
    await reader.subscribe(s.id);
    // Each event carries `at`, stamped inside the writing transaction on process A.
    const received: number[] = [];
    reader.socket.on('event', (e: TimelineEvent) => received.push(Date.now() - Date.parse(e.at)));
    for (const i of range(1, 20)) {
      await makeEntry(onA, s.id);
      await eventually(() => received.length === i, 5000);
    }
    received.sort((x, y) => x - y);
    console.log(
      `commit-to-delivery across processes: p50 ${received[9]} ms, max ${received.at(-1)} ms over ${received.length} events`,
    );
    expect(received).toHaveLength(20);
    reader.close();
  });

  it('moves a reader to the other process when its process dies, without loss or repeat', async () => {
    const s = await makeStory(onA);
    const victim = await startServer({ storage });
    const reader = new Reader(victim.url);
    await reader.subscribe(s.id, 0);
    for (const i of range(1, 3)) await makeEntry(onA, s.id, { body: `<p>${i}</p>` });
    await reader.until(s.id, 3);
    await victim.kill();
    // Written while the reader has no process.
    for (const i of range(4, 6)) await makeEntry(onB, s.id, { body: `<p>${i}</p>` });
    const moved = new Reader(b.url);
    const last = reader.events.at(-1)!.seq;
    const ack = await moved.subscribe(s.id, last);
    const replayed = 'events' in ack ? ack.events.map((e) => e.seq) : [];
    await makeEntry(onA, s.id, { body: '<p>7</p>' });
    await moved.until(s.id, 7);
    expect([...reader.seqs(s.id), ...replayed, ...moved.seqs(s.id)]).toEqual(range(1, 7));
    reader.close();
    moved.close();
  });

  it('serves a reader who saw an event on a faster process without repeating it', async () => {
    const s = await makeStory(onA);
    await makeEntry(onA, s.id);
    const reader = new Reader(b.url);
    // Subscribe on B claiming the seq just committed through A: B must catch up first.
    const ack = await reader.subscribe(s.id, 1);
    expect(ack).toMatchObject({ ok: true, seq: 1, events: [] });
    await makeEntry(onA, s.id);
    await makeEntry(onA, s.id);
    // Seq 3 arriving after 2 proves no repeat came before it on this socket.
    await reader.until(s.id, 3);
    expect(reader.seqs(s.id)).toEqual([2, 3]);
    reader.close();
  });

  it('publishes each scheduled entry exactly once with both schedulers running', async () => {
    const s = await makeStory(onA);
    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await Promise.all(
      range(1, 6).map((i) =>
        makeEntry(i % 2 ? onA : onB, s.id, { status: 'scheduled', scheduledAt: at, body: `<p>${i}</p>` }),
      ),
    );
    await eventually(async () => (await onA.get(`/api/stories/${s.id}`)).body.seq >= 6, 6000, 'six scheduled entries');
    // A second publish of any of them would come before this marker event, which both schedulers had time to pass.
    await eventually(
      async () =>
        (await Promise.all(scheduled.map((e) => onB.get(`/api/stories/${s.id}/entries/${e.id}`)))).every(
          (r) => r.body.status === 'published',
        ),
      6000,
      'all published',
    );
    // Then an entry of our own: a second publish (each is re-checked under the story's lock) could only come before it.
    const marker = await makeEntry(onB, s.id);
    const log = (await onA.get(`/api/stories/${s.id}/events?since=0`)).body.events as TimelineEvent[];
    expect(log.map((e) => e.type)).toEqual(Array(7).fill('entry.published'));
    expect(log[6].entry!.id).toBe(marker.id);
    expect(new Set(log.slice(0, 6).map((e) => e.entry!.id))).toEqual(new Set(scheduled.map((e) => e.id)));
    for (const e of log.slice(0, 6)) expect(e.entry!.version).toBe(2);
  });

  it('creates one entry for one Idempotency-Key sent to both processes at once', async () => {
    const s = await makeStory(onA);
    const tokenA = onA.token!;
    const sameUserOnB = client(b.url, tokenA);
    const replies = await Promise.all(
      range(1, 6).map((i) =>
        (i % 2 ? onA : sameUserOnB).post(
          `/api/stories/${s.id}/entries`,
          { body: '<p>مرة</p>' },
          { 'idempotency-key': 'cross-process' },
        ),
      ),
    );
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect((await onB.get(`/api/stories/${s.id}/entries`)).body.items).toHaveLength(1);
  });

  it('sums presence across processes', async () => {
    const s = await makeStory(onA);
    const readers = [new Reader(a.url), new Reader(b.url), new Reader(b.url)];
    await Promise.all(readers.map((r) => r.subscribe(s.id)));
    await eventually(
      async () => (await onA.get(`/api/stories/${s.id}/presence`)).body.readers === 3,
      8000,
      'presence 3 on A',
    );
    await eventually(
      async () => (await onB.get(`/api/stories/${s.id}/presence`)).body.readers === 3,
      8000,
      'presence 3 on B',
    );
    readers.forEach((r) => r.close());
  });
});
