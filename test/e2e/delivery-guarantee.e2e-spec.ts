import type { Entry, EntryPage, TimelineEvent } from '@liveline/contracts';
import { ResumingReader } from '../faults/support/resuming-reader';
import { publishedEntries } from '../faults/support/story-log';
import { RetryingWriter } from '../faults/support/writer';
import { cleanUpAfterAll } from '../faults/support/teardown';
import { usingPostgres } from '../support/database';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, makeEntry, makeStory, range, Reader, type Client } from '../support/api';

// One regression test per way the delivery guarantee was found broken (issue 10): each
// failed on the code before its fix. The chaos tier (test/chaos) checks them all at once,
// under faults; these pin each one down on its own.
// Restarts are slow on a loaded machine.
jest.setTimeout(300_000);

// Feeds of stories nobody follows here are dropped at once, so loads happen under writes.
const ENV = { FEED_IDLE_EVICT_MS: '200', WRITES_PER_MINUTE: '100000' };

describe('delivery guarantee (regressions)', () => {
  let server: RunningServer | undefined;
  let editor: Client;
  let token: string;
  const storage = freshStorage();
  cleanUpAfterAll(() => [server]);

  beforeAll(async () => {
    server = await startServer({ storage: await storage, env: ENV });
    token = await login(server.url);
    editor = client(server.url, token);
  });

  it('misses no entry at the handoff from the entries page (and its seq) to the socket', async () => {
    const s = await makeStory(editor);
    const writers = range(1, 4).map((i) => new RetryingWriter(() => [server!.url], token, s.id, `h${i}`, 0));
    writers.forEach((w) => w.start());
    const clients = await Promise.all(
      range(1, 30).map(async (i) => {
        await new Promise((r) => setTimeout(r, i * 40));
        const page = (await client(server!.url).get<EntryPage>(`/api/stories/${s.id}/entries?limit=100`)).body;
        const reader = new Reader(server!.url);
        const ack = await reader.subscribe(s.id, page.seq);
        if (!ack.ok || !('events' in ack)) throw new Error(`subscribe: ${JSON.stringify(ack)}`);
        return { page, reader, replay: ack.events };
      }),
    );
    await Promise.all(writers.map((w) => w.stop()));
    const head = (await editor.get(`/api/stories/${s.id}`)).body.seq as number;
    const final = await publishedEntries(server!.url, s.id);
    expect(final.length).toBe(writers.reduce((n, w) => n + w.acked.length, 0));
    for (const c of clients) {
      await c.reader.until(s.id, head).catch(() => undefined);
      // Entries older than the first page are a reader's "load more" (the page's cursor), not
      // the handoff: once the writers outrun the page's 100 entries, a late page holds only the
      // newest 100.
      const older: Entry[] = [];
      for (let cursor = c.page.nextCursor; cursor;) {
        const next = (
          await client(server!.url).get<EntryPage>(
            `/api/stories/${s.id}/entries?limit=100&before=${encodeURIComponent(cursor)}`,
          )
        ).body;
        older.push(...next.items);
        cursor = next.nextCursor;
      }
      const seen = new Set([
        ...[...c.page.items, ...older].map((e) => e.id),
        ...[...c.replay, ...c.reader.events].map((e) => e.entry?.id),
      ]);
      expect(final.filter((e) => !seen.has(e.id)).map((e) => e.id)).toEqual([]);
      c.reader.close();
    }
  });

  it('serves no superseded text after a correction or a deletion: not in GET events, not in a socket replay', async () => {
    const s = await makeStory(editor);
    const named = await makeEntry(editor, s.id, {
      headline: 'Source: SECRET-NAME-1',
      body: '<p>said SECRET-NAME-1</p>',
    });
    const removed = await makeEntry(editor, s.id, { body: '<p>quoted SECRET-NAME-2</p>' });
    const unpublished = await makeEntry(editor, s.id, { body: '<p>quoted SECRET-NAME-3</p>' });
    await editor.patch(`/api/stories/${s.id}/entries/${named.id}`, { pinned: true });
    expect(
      (
        await editor.patch(`/api/stories/${s.id}/entries/${named.id}`, {
          headline: 'A source',
          body: '<p>said a source</p>',
        })
      ).status,
    ).toBe(200);
    expect((await editor.del(`/api/stories/${s.id}/entries/${removed.id}`)).status).toBe(204);
    expect((await editor.patch(`/api/stories/${s.id}/entries/${unpublished.id}`, { status: 'draft' })).status).toBe(
      200,
    );
    const follower = new Reader(server!.url);
    const ack = await follower.subscribe(s.id, 0);
    const log = (await client(server!.url).get<{ events: TimelineEvent[] }>(`/api/stories/${s.id}/events?since=0`)).body
      .events;
    for (const replay of [log, 'events' in ack ? ack.events : []]) {
      expect(replay.map((e) => e.seq)).toEqual(range(1, 7));
      expect(JSON.stringify(replay)).not.toMatch(/SECRET-NAME/);
      // The corrected entry replays with its current content in each of its events.
      expect(replay.filter((e) => e.entry?.id === named.id).map((e) => e.entry!.body)).toEqual([
        '<p>said a source</p>',
        '<p>said a source</p>',
        '<p>said a source</p>',
      ]);
    }
    // The newsroom keeps the history.
    const revisions = (await editor.get(`/api/stories/${s.id}/entries/${named.id}/revisions`)).body.items as {
      body: string;
    }[];
    expect(revisions.map((r) => r.body)).toContain('<p>said SECRET-NAME-1</p>');
    follower.close();
  });

  it('sends the followers of a story put back to draft nothing of it, and brings them to the page once it is public again', async () => {
    const s = await makeStory(editor, { title: 'Public title' });
    const kept = await makeEntry(editor, s.id, { body: '<p>kept</p>' });
    const corrected = await makeEntry(editor, s.id, { body: '<p>before</p>' });
    const dropped = await makeEntry(editor, s.id, { body: '<p>dropped</p>' });
    const follower = new Reader(server!.url);
    await follower.subscribe(s.id, 3);
    expect((await editor.patch(`/api/stories/${s.id}`, { status: 'draft', title: 'EMBARGOED title' })).status).toBe(
      200,
    );
    const during = await makeEntry(editor, s.id, { body: '<p>written while a draft</p>' });
    await editor.patch(`/api/stories/${s.id}/entries/${corrected.id}`, { body: '<p>after</p>' });
    await editor.del(`/api/stories/${s.id}/entries/${dropped.id}`);
    await editor.patch(`/api/stories/${s.id}`, { title: 'Still EMBARGOED' });
    const live = (await editor.patch(`/api/stories/${s.id}`, { status: 'live', title: 'Public again' })).body;
    await follower.until(s.id, live.seq);
    const events = follower.events;
    expect(JSON.stringify(events)).not.toMatch(/EMBARGO/);
    // While a draft: one story.updated saying so, then nothing until it is public again.
    expect(events[0]).toMatchObject({
      seq: 4,
      type: 'story.updated',
      story: { status: 'draft', title: 'Public title' },
    });
    expect(events[1]).toMatchObject({
      seq: 5,
      type: 'story.updated',
      story: { status: 'live', title: 'Public again' },
    });
    expect(events.map((e) => e.seq)).toEqual(range(4, live.seq));
    // Then what a fresh page load shows.
    const shown = new Map<string, Entry>([
      [kept.id, kept],
      [corrected.id, corrected],
      [dropped.id, dropped],
    ]);
    for (const e of events) {
      if (e.entry) shown.set(e.entry.id, e.entry);
      else if (e.type === 'entry.deleted') shown.delete(e.entryId!);
    }
    const page = (await client(server!.url).get<EntryPage>(`/api/stories/${s.id}/entries`)).body;
    expect(page.seq).toBe(live.seq);
    expect([...shown.values()].map((e) => e.body).sort()).toEqual(page.items.map((e) => e.body).sort());
    expect(page.items.map((e) => e.id)).toContain(during.id);
    follower.close();
  });
  it('serves nothing of a story that went back to draft while its feed was not loaded here: no events page, no socket replay', async () => {
    const s = await makeStory(editor, { title: 'Public title' });
    const entry = await makeEntry(editor, s.id, { body: '<p>said before the draft</p>' });
    const reader = client(server!.url);
    // A public read resolves the story (its ref is cached for readers) and loads its feed…
    expect((await reader.get(`/api/stories/${s.id}/events?since=0`)).status).toBe(200);
    // …which is dropped once nobody uses it (FEED_IDLE_EVICT_MS 200), so this process hears
    // nothing of what follows: the story goes back to draft and the entry is corrected.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await editor.patch(`/api/stories/${s.id}`, { status: 'draft', title: 'EMBARGOED title' })).status).toBe(
      200,
    );
    await editor.patch(`/api/stories/${s.id}/entries/${entry.id}`, { body: '<p>corrected while a draft</p>' });
    const events = await reader.get(`/api/stories/${s.id}/events?since=0`);
    expect({ status: events.status, body: JSON.stringify(events.body).slice(0, 200) }).toMatchObject({ status: 404 });
    const follower = new Reader(server!.url);
    const ack = await follower.subscribe(s.id, 0);
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    follower.close();
  });

  it('never delivers an event twice to readers that subscribe while the feed first loads under writes', async () => {
    const stories = await Promise.all(range(1, 6).map(() => makeStory(editor)));
    const acked = stories.map(() => 0);
    const readers: ResumingReader[] = [];
    for (const round of range(1, 2)) {
      // A kill -9 and a fresh process (slow on a loaded machine, so the writers wait for it):
      // then every feed loads again on the readers' first subscribes, while six writers post.
      // Same port: the readers resume and the editor client reads there afterwards.
      const port = server!.port;
      await server!.kill();
      server = await startServer({ storage: await storage, env: ENV, port });
      const writers = stories.map((s, i) => new RetryingWriter(() => [server!.url], token, s.id, `w${i}r${round}`, 0));
      writers.forEach((w) => w.start());
      for (const s of stories) for (const _ of range(1, 3)) readers.push(new ResumingReader(() => [server!.url], s.id));
      await Promise.all(writers.map((w) => w.until(8, 120_000)));
      await Promise.all(writers.map((w) => w.stop()));
      writers.forEach((w, i) => (acked[i] += w.acked.length));
    }
    for (const [i, s] of stories.entries()) {
      const head = (await editor.get(`/api/stories/${s.id}`)).body.seq as number;
      expect(head).toBe(acked[i]);
      for (const r of readers.filter((x) => (x as unknown as { story: string }).story === s.id)) {
        await r.until(head);
        expect(r.problems).toEqual([]);
        expect(r.seqs()).toEqual(range(1, head));
      }
    }
    readers.forEach((r) => r.close());
  });

  it('replays each correction acknowledged before the subscribe, under concurrent writers (on PGlite without reading the log)', async () => {
    const s = await makeStory(editor);
    const entry = await makeEntry(editor, s.id, { body: '<p>version 0</p>' });
    const writers = range(1, 2).map((i) => new RetryingWriter(() => [server!.url], token, s.id, `c${i}`, 0));
    writers.forEach((w) => w.start());
    const reader = new Reader(server!.url);
    const first = await reader.subscribe(s.id);
    if (!first.ok) throw new Error(`subscribe: ${JSON.stringify(first)}`);
    let seq = first.seq;
    const readsBefore = await eventLogReads(server!.url);
    for (const round of range(1, 40)) {
      const body = `<p>version ${round}</p>`;
      expect((await editor.patch(`/api/stories/${s.id}/entries/${entry.id}`, { body })).status).toBe(200);
      // The 200 came back: a subscribe from here on must replay the correction, and no older text.
      const ack = await reader.subscribe(s.id, seq);
      if (!ack.ok || !('events' in ack)) throw new Error(`round ${round}: ${JSON.stringify(ack)}`);
      const bodies = ack.events.filter((e) => e.entry?.id === entry.id).map((e) => e.entry!.body);
      expect({ round, bodies }).toEqual({ round, bodies: [body] });
      seq = ack.seq;
    }
    const reads = (await eventLogReads(server!.url)) - readsBefore;
    await Promise.all(writers.map((w) => w.stop()));
    reader.close();
    // On PostgreSQL each caught-up replay reads the committed head (other processes commit
    // too); on PGlite every commit is this process's and its notice is heard before the 200.
    if (!usingPostgres()) expect(reads).toBe(0);
    else expect(reads).toBeGreaterThan(0);
  });
});

async function eventLogReads(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('liveline_event_log_reads_total'));
  if (!line) throw new Error('no liveline_event_log_reads_total in /metrics');
  return Number(line.split(' ').at(-1));
}
