import type { TimelineEvent } from '@liveline/contracts';
import { login, startServer, type RunningServer } from '../support/server';
import { client, makeEntry, makeStory, range, Reader, type Client } from '../support/api';

describe('concurrent writers to one story', () => {
  let server: RunningServer;
  let editor: Client;

  beforeAll(async () => {
    server = await startServer();
    editor = client(server.url, await login(server.url));
  });
  afterAll(() => server.stop());

  it('never share or skip a seq: 60 concurrent posts give seqs 1..60, one per entry', async () => {
    const s = await makeStory(editor);
    const reader = new Reader(server.url);
    await reader.subscribe(s.id, 0);
    const posted = await Promise.all(range(1, 60).map((i) => editor.post(`/api/stories/${s.id}/entries`, { body: `<p>${i}</p>` })));
    expect(posted.map((r) => r.status)).toEqual(Array(60).fill(201));
    const log = (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body as { events: TimelineEvent[]; seq: number };
    expect(log.seq).toBe(60);
    expect(log.events.map((e) => e.seq)).toEqual(range(1, 60));
    expect(new Set(log.events.map((e) => e.entry!.id))).toEqual(new Set(posted.map((r) => r.body.id)));
    await reader.until(s.id, 60);
    expect(reader.seqs(s.id)).toEqual(range(1, 60));
    reader.close();
  });

  it('orders mixed concurrent edits, deletes, pins and story changes gap-free', async () => {
    const s = await makeStory(editor);
    const base = await Promise.all(range(1, 10).map((i) => makeEntry(editor, s.id, { body: `<p>${i}</p>` })));
    const ops = base.flatMap((e, i) => [
      () => editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: `<p>edit ${i}</p>` }),
      () => (i % 3 === 0 ? editor.del(`/api/stories/${s.id}/entries/${e.id}`) : editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { pinned: true })),
      () => editor.patch(`/api/stories/${s.id}`, { summary: `ملخص ${i}` }),
    ]);
    const replies = await Promise.all(ops.map((op) => op()));
    expect(replies.every((r) => r.status < 300 || r.status === 404)).toBe(true);
    const log = (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body as { events: TimelineEvent[]; seq: number };
    expect(log.events.map((e) => e.seq)).toEqual(range(1, log.seq));
    const pinnedNow = (await client(server.url).get(`/api/stories/${s.id}/entries?limit=100`)).body.items.filter((e: { pinned: boolean }) => e.pinned);
    expect(pinnedNow.length).toBeLessThanOrEqual(1);
  });
});
