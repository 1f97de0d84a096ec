import type { Entry } from '@liveline/contracts';
import { login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeEntry, makeStory, makeUser, range, type Client } from '../support/api';

describe('entries API', () => {
  let server: RunningServer;
  let anon: Client;
  let admin: Client;
  let editor: Client;
  let contributor: Client;
  let contributorId: string;

  beforeAll(async () => {
    server = await startServer({ env: { SCHEDULER_INTERVAL_MS: '200' } });
    anon = client(server.url);
    admin = anon.as(await login(server.url));
    editor = (await makeUser(admin, 'editor')).api;
    const c = await makeUser(admin, 'contributor');
    contributor = c.api;
    contributorId = c.user.id;
  });
  afterAll(() => server.stop());

  const events = async (story: string, since = 0) =>
    (await anon.get(`/api/stories/${story}/events?since=${since}`)).body;

  it('publishes an entry with every contract field, sanitized body and plain headline', async () => {
    const s = await makeStory(editor);
    const r = await editor.post(`/api/stories/${s.slug}/entries`, {
      body: '<p onclick="x()">أول <b>تحديث</b><script>alert(1)</script></p><a href="javascript:alert(1)">x</a>',
      headline: '<em>عاجل</em> انفجارات',
      keyEvent: true,
      occurredAt: '2024-10-21T02:30:00Z',
    });
    expect(r.status).toBe(201);
    const e: Entry = r.body;
    expect(Object.keys(e).sort()).toEqual(
      [
        'author',
        'body',
        'headline',
        'id',
        'keyEvent',
        'occurredAt',
        'pinned',
        'publishedAt',
        'scheduledAt',
        'status',
        'storyId',
        'updatedAt',
        'version',
      ].sort(),
    );
    expect(e).toMatchObject({
      storyId: s.id,
      status: 'published',
      version: 1,
      keyEvent: true,
      pinned: false,
      scheduledAt: null,
      headline: 'عاجل انفجارات',
      occurredAt: '2024-10-21T02:30:00.000Z',
    });
    expect(e.body).toBe('<p>أول <strong>تحديث</strong></p><a rel="noopener noreferrer">x</a>');
    expect(e.author).toEqual({ id: expect.any(String), name: expect.any(String) });
    expect(e.publishedAt).not.toBeNull();
  });

  it('defaults occurredAt to publishedAt', async () => {
    const s = await makeStory(editor);
    const e = await makeEntry(editor, s.id);
    expect(e.occurredAt).toBe(e.publishedAt);
  });

  it.each([
    [{}, 'body'],
    [{ body: '' }, 'body'],
    [{ body: 5 }, 'body'],
    [{ body: 'x', status: 'live' }, 'status'],
    [{ body: 'x', occurredAt: 'yesterday' }, 'occurredAt'],
    [{ body: 'x', keyEvent: 'yes' }, 'keyEvent'],
    [{ body: 'x', bogus: 1 }, 'bogus'],
    [{ body: 'x', headline: 'h'.repeat(301) }, 'headline'],
    [{ body: '<script>alert(1)</script>' }, 'body'],
    [{ body: 'x', status: 'scheduled' }, 'scheduledAt'],
    [{ body: 'x', status: 'scheduled', scheduledAt: '2000-01-01T00:00:00Z' }, 'scheduledAt'],
    [{ body: 'x', scheduledAt: '2999-01-01T00:00:00Z' }, 'scheduledAt'],
  ])('refuses %p with a 400 naming %s', async (body, field) => {
    const s = await makeStory(editor);
    const r = await editor.post(`/api/stories/${s.id}/entries`, body);
    expect(r.status).toBe(400);
    expect(r.body.statusCode).toBe(400);
    expect(JSON.stringify(r.body.message)).toContain(field);
  });

  it('answers a body over the limit with a JSON 413', async () => {
    const s = await makeStory(editor);
    const r = await editor.post(`/api/stories/${s.id}/entries`, { body: `<p>${'ب'.repeat(700_000)}</p>` });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ statusCode: 413 });
  });

  it('needs a signed-in newsroom user and a known story', async () => {
    const s = await makeStory(editor);
    expect((await anon.post(`/api/stories/${s.id}/entries`, { body: 'x' })).status).toBe(401);
    expect((await editor.post('/api/stories/nope/entries', { body: 'x' })).status).toBe(404);
  });

  describe('workflow', () => {
    it('lets a contributor only submit, and an editor publish the submission', async () => {
      const s = await makeStory(editor);
      expect((await contributor.post(`/api/stories/${s.id}/entries`, { body: 'x', status: 'published' })).status).toBe(
        403,
      );
      const sub = await makeEntry(contributor, s.id);
      expect(sub.status).toBe('submitted');
      expect((await events(s.id)).events).toEqual([]);
      const queue = await editor.get(`/api/stories/${s.id}/entries?status=submitted`);
      expect(queue.body.items.map((e: Entry) => e.id)).toEqual([sub.id]);
      expect((await anon.get(`/api/stories/${s.id}/entries?status=submitted`)).status).toBe(401);
      const published = await editor.patch(`/api/stories/${s.id}/entries/${sub.id}`, { status: 'published' });
      expect(published.body).toMatchObject({ status: 'published', version: 2 });
      expect(published.body.author.id).toBe(contributorId);
      expect((await events(s.id)).events.map((e: { type: string }) => e.type)).toEqual(['entry.published']);
    });

    it('lets a contributor edit its own submission, not others or published ones', async () => {
      const s = await makeStory(editor);
      const mine = await makeEntry(contributor, s.id);
      expect((await contributor.patch(`/api/stories/${s.id}/entries/${mine.id}`, { body: '<p>مصحح</p>' })).status).toBe(
        200,
      );
      expect((await contributor.patch(`/api/stories/${s.id}/entries/${mine.id}`, { status: 'published' })).status).toBe(
        403,
      );
      const theirs = await makeEntry(editor, s.id, { status: 'draft' });
      expect((await contributor.patch(`/api/stories/${s.id}/entries/${theirs.id}`, { body: 'x' })).status).toBe(403);
      await editor.patch(`/api/stories/${s.id}/entries/${mine.id}`, { status: 'published' });
      expect((await contributor.patch(`/api/stories/${s.id}/entries/${mine.id}`, { body: 'y' })).status).toBe(403);
      expect((await contributor.del(`/api/stories/${s.id}/entries/${mine.id}`)).status).toBe(403);
    });

    it('keeps drafts out of the public log until published, and unpublishing is a deletion for readers', async () => {
      const s = await makeStory(editor);
      const d = await makeEntry(editor, s.id, { status: 'draft' });
      await editor.patch(`/api/stories/${s.id}/entries/${d.id}`, { body: '<p>v2</p>' });
      expect((await events(s.id)).seq).toBe(0);
      expect((await anon.get(`/api/stories/${s.id}/entries/${d.id}`)).status).toBe(404);
      await editor.patch(`/api/stories/${s.id}/entries/${d.id}`, { status: 'published' });
      await editor.patch(`/api/stories/${s.id}/entries/${d.id}`, { status: 'draft' });
      const log = await events(s.id);
      // Unpublished: its earlier entry.published replays as a bare entry.deleted, without the text.
      expect(log.events.map((e: { seq: number; type: string }) => `${e.seq}:${e.type}`)).toEqual([
        '1:entry.deleted',
        '2:entry.deleted',
      ]);
      expect(log.events[1].entryId).toBe(d.id);
      expect(JSON.stringify(log.events)).not.toContain('v2');
    });

    it('keeps one pinned entry per story; pinning another unpins the first, both as events', async () => {
      const s = await makeStory(editor);
      const a = await makeEntry(editor, s.id, { pinned: true });
      const b = await makeEntry(editor, s.id);
      const r = await editor.patch(`/api/stories/${s.id}/entries/${b.id}`, { pinned: true });
      expect(r.body.pinned).toBe(true);
      expect((await anon.get(`/api/stories/${s.id}/entries/${a.id}`)).body).toMatchObject({
        pinned: false,
        version: 2,
      });
      const log = await events(s.id, 2);
      expect(log.events.map((e: { type: string; entry: Entry }) => [e.type, e.entry.id, e.entry.pinned])).toEqual([
        ['entry.updated', a.id, false],
        ['entry.updated', b.id, true],
      ]);
    });

    it('publishes a scheduled entry by itself, once, and lets a schedule move or be cancelled', async () => {
      const s = await makeStory(editor);
      const soon = new Date(Date.now() + 1200).toISOString();
      const sched = await makeEntry(editor, s.id, { status: 'scheduled', scheduledAt: soon });
      expect(sched).toMatchObject({ status: 'scheduled', publishedAt: null, scheduledAt: soon });
      const moved = await makeEntry(editor, s.id, {
        status: 'scheduled',
        scheduledAt: new Date(Date.now() + 600_000).toISOString(),
      });
      const later = new Date(Date.now() + 1500).toISOString();
      expect(
        (await editor.patch(`/api/stories/${s.id}/entries/${moved.id}`, { scheduledAt: later })).body.scheduledAt,
      ).toBe(later);
      const cancelled = await makeEntry(editor, s.id, {
        status: 'scheduled',
        scheduledAt: new Date(Date.now() + 1000).toISOString(),
      });
      expect(
        (await editor.patch(`/api/stories/${s.id}/entries/${cancelled.id}`, { status: 'draft', scheduledAt: null }))
          .body,
      ).toMatchObject({ status: 'draft', scheduledAt: null });
      await eventually(async () => (await events(s.id)).seq >= 2, 5000, 'scheduled entries to publish');
      await new Promise((r) => setTimeout(r, 1000));
      const log = await events(s.id);
      expect(log.events.map((e: { type: string; entry: Entry }) => [e.type, e.entry.id])).toEqual([
        ['entry.published', sched.id],
        ['entry.published', moved.id],
      ]);
      const published = await anon.get(`/api/stories/${s.id}/entries/${sched.id}`);
      expect(published.body.status).toBe('published');
      expect(Date.parse(published.body.publishedAt) - Date.parse(soon)).toBeLessThan(2000);
      expect((await editor.get(`/api/stories/${s.id}/entries/${cancelled.id}`)).body.status).toBe('draft');
    });
  });

  describe('no lost edits, no double posts', () => {
    it('answers a stale If-Match with 412 and the current version', async () => {
      const s = await makeStory(editor);
      const e = await makeEntry(editor, s.id);
      const first = await editor.patch(
        `/api/stories/${s.id}/entries/${e.id}`,
        { body: '<p>تصحيح</p>' },
        { 'if-match': '"1"' },
      );
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"2"');
      const stale = await editor.patch(
        `/api/stories/${s.id}/entries/${e.id}`,
        { body: '<p>قديم</p>' },
        { 'if-match': '"1"' },
      );
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({
        statusCode: 412,
        currentVersion: 2,
        current: { id: e.id, version: 2, body: '<p>تصحيح</p>' },
      });
      expect(
        (await editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: 'x' }, { 'if-match': 'banana' })).status,
      ).toBe(400);
      expect((await editor.del(`/api/stories/${s.id}/entries/${e.id}`, { 'if-match': '"1"' })).status).toBe(412);
    });

    it('returns the first entry for a repeated Idempotency-Key and creates nothing', async () => {
      const s = await makeStory(editor);
      const key = `k-${Date.now()}`;
      const a = await editor.post(`/api/stories/${s.id}/entries`, { body: '<p>مرة</p>' }, { 'idempotency-key': key });
      const b = await editor.post(`/api/stories/${s.id}/entries`, { body: '<p>مرة</p>' }, { 'idempotency-key': key });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(b.body.id).toBe(a.body.id);
      expect(b.headers.get('idempotent-replayed')).toBe('true');
      expect((await anon.get(`/api/stories/${s.id}/entries`)).body.items).toHaveLength(1);
      expect((await events(s.id)).seq).toBe(1);
      // Keys are per user: another user's same key is a new entry.
      const other = await contributor.post(
        `/api/stories/${s.id}/entries`,
        { body: '<p>مرة</p>' },
        { 'idempotency-key': key },
      );
      expect(other.body.id).not.toBe(a.body.id);
      expect(
        (await editor.post(`/api/stories/${s.id}/entries`, { body: 'x' }, { 'idempotency-key': 'bad key with spaces' }))
          .status,
      ).toBe(400);
    });

    it('creates one entry for concurrent repeats of one Idempotency-Key', async () => {
      const s = await makeStory(editor);
      const replies = await Promise.all(
        range(1, 8).map(() =>
          editor.post(`/api/stories/${s.id}/entries`, { body: '<p>مرة واحدة</p>' }, { 'idempotency-key': 'burst-1' }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect((await anon.get(`/api/stories/${s.id}/entries`)).body.items).toHaveLength(1);
      expect((await events(s.id)).events).toHaveLength(1);
    });

    it('keeps every change as a revision, with who and when', async () => {
      const s = await makeStory(editor);
      const e = await makeEntry(editor, s.id, { body: '<p>v1</p>' });
      await editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: '<p>v2</p>' });
      await admin.patch(`/api/stories/${s.id}/entries/${e.id}`, { keyEvent: true });
      const r = await editor.get(`/api/stories/${s.id}/entries/${e.id}/revisions`);
      expect(
        r.body.items.map((v: { version: number; body: string; action: string }) => [v.version, v.body, v.action]),
      ).toEqual([
        [3, '<p>v2</p>', 'edited'],
        [2, '<p>v2</p>', 'edited'],
        [1, '<p>v1</p>', 'created'],
      ]);
      expect(r.body.items[0].actor.name).toBe('Administrator');
      expect((await anon.get(`/api/stories/${s.id}/entries/${e.id}/revisions`)).status).toBe(401);
    });

    it('does not bump the version for a patch that changes nothing', async () => {
      const s = await makeStory(editor);
      const e = await makeEntry(editor, s.id, { body: '<p>same</p>' });
      const r = await editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: '<p>same</p>' });
      expect(r.body.version).toBe(1);
      expect((await events(s.id)).seq).toBe(1);
    });
  });

  it('deletes an entry: 204, gone for readers, entry.deleted in the log; editors only', async () => {
    const s = await makeStory(editor);
    const e = await makeEntry(editor, s.id);
    expect((await contributor.del(`/api/stories/${s.id}/entries/${e.id}`)).status).toBe(403);
    expect((await editor.del(`/api/stories/${s.id}/entries/${e.id}`)).status).toBe(204);
    expect((await anon.get(`/api/stories/${s.id}/entries/${e.id}`)).status).toBe(404);
    expect((await editor.del(`/api/stories/${s.id}/entries/${e.id}`)).status).toBe(404);
    expect((await editor.patch(`/api/stories/${s.id}/entries/${e.id}`, { body: 'x' })).status).toBe(404);
    expect((await editor.del(`/api/stories/${s.id}/entries/not-an-id`)).status).toBe(404);
    const log = await events(s.id);
    // The entry's earlier event is stripped of its content: a replay shows nothing of it.
    expect(log.events).toEqual([
      { seq: 1, type: 'entry.deleted', storyId: s.id, at: expect.any(String), entryId: e.id },
      { seq: 2, type: 'entry.deleted', storyId: s.id, at: expect.any(String), entryId: e.id },
    ]);
  });

  describe('pages of entries', () => {
    let story: string;
    let all: Entry[];

    beforeAll(async () => {
      const s = await makeStory(editor);
      story = s.slug;
      for (const i of range(1, 7)) await makeEntry(editor, story, { body: `<p>${i}</p>` });
      await makeEntry(editor, story, { status: 'draft' });
      all = (await anon.get(`/api/stories/${story}/entries?limit=100`)).body.items;
    });

    it('lists published entries newest first with the story seq', async () => {
      expect(all.map((e) => e.body)).toEqual([
        '<p>7</p>',
        '<p>6</p>',
        '<p>5</p>',
        '<p>4</p>',
        '<p>3</p>',
        '<p>2</p>',
        '<p>1</p>',
      ]);
      expect((await anon.get(`/api/stories/${story}/entries`)).body.seq).toBe(7);
    });

    it('walks every page with opaque cursors, nextCursor null at the end', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: { body: { items: Entry[]; nextCursor: string | null } } = await anon.get(
          `/api/stories/${story}/entries?limit=3${cursor ? `&before=${cursor}` : ''}`,
        );
        seen.push(...r.body.items.map((e) => e.id));
        cursor = r.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(all.map((e) => e.id));
    });

    it.each(['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'before=%%%', 'before=bm90LWEtY3Vyc29y', 'status=nope'])(
      'refuses %s with a 400',
      async (q) => {
        const r = await anon.get(`/api/stories/${story}/entries?${q}`);
        expect(r.status).toBe(400);
        expect(r.body.statusCode).toBe(400);
      },
    );

    it('shows newsroom users drafts on request', async () => {
      const drafts = await editor.get(`/api/stories/${story}/entries?status=draft`);
      expect(drafts.body.items).toHaveLength(1);
      expect((await editor.get(`/api/stories/${story}/entries?status=all&limit=100`)).body.items).toHaveLength(8);
    });
  });

  describe('the events log over HTTP', () => {
    it('serves public events after since, oldest first, and validates its query', async () => {
      const s = await makeStory(editor);
      for (const i of range(1, 4)) await makeEntry(editor, s.id, { body: `<p>${i}</p>` });
      const r = await anon.get(`/api/stories/${s.slug}/events?since=1&limit=2`);
      expect(r.body.events.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
      expect(r.body.seq).toBe(4);
      expect(r.body.events[0]).toMatchObject({ type: 'entry.published', storyId: s.id, entry: { body: '<p>2</p>' } });
      expect(typeof r.body.events[0].at).toBe('string');
      for (const q of ['since=-1', 'since=x', 'limit=0', 'limit=5000'])
        expect((await anon.get(`/api/stories/${s.id}/events?${q}`)).status).toBe(400);
      expect((await anon.get('/api/stories/nope/events')).status).toBe(404);
    });
  });
});
