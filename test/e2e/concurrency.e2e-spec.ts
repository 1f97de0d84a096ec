import type { Entry, TimelineEvent } from '@liveline/contracts';
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
    const posted = await Promise.all(
      range(1, 60).map((i) => editor.post(`/api/stories/${s.id}/entries`, { body: `<p>${i}</p>` })),
    );
    expect(posted.map((r) => r.status)).toEqual(Array(60).fill(201));
    const log = (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body as {
      events: TimelineEvent[];
      seq: number;
    };
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
      () =>
        i % 3 === 0
          ? editor.del(`/api/stories/${s.id}/entries/${e.id}`)
          : editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { pinned: true }),
      () => editor.patch(`/api/stories/${s.id}`, { summary: `ملخص ${i}` }),
    ]);
    const replies = await Promise.all(ops.map((op) => op()));
    // Every answer is the one its race allows: an edit may lose only to the deletion of its entry.
    base.forEach((_, i) => {
      const [edit, delOrPin, story] = replies.slice(i * 3, i * 3 + 3).map((r) => r.status);
      expect({ i, story }).toEqual({ i, story: 200 });
      if (i % 3 === 0) {
        expect({ i, delOrPin }).toEqual({ i, delOrPin: 204 });
        expect([200, 404]).toContain(edit);
      } else {
        expect({ i, edit, delOrPin }).toEqual({ i, edit: 200, delOrPin: 200 });
      }
    });
    const log = (await client(server.url).get(`/api/stories/${s.id}/events?since=0`)).body as {
      events: TimelineEvent[];
      seq: number;
    };
    expect(log.events.map((e) => e.seq)).toEqual(range(1, log.seq));
    const page = (await client(server.url).get(`/api/stories/${s.id}/entries?limit=100`)).body as {
      items: Entry[];
      seq: number;
    };
    // Six pins landed, one after another: exactly one entry is pinned now, not zero.
    expect(page.items.filter((e) => e.pinned).length).toBe(1);
    expect(page.items.map((e) => e.id).sort()).toEqual(
      base
        .filter((_, i) => i % 3 !== 0)
        .map((e) => e.id)
        .sort(),
    );
    // Replaying the log shows what the page shows.
    const shown = new Map<string, Entry>();
    for (const e of log.events) {
      if (e.entry) shown.set(e.entry.id, e.entry);
      else if (e.type === 'entry.deleted') shown.delete(e.entryId!);
    }
    expect([...shown.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...page.items].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});
