import { login, startServer, type RunningServer } from '../support/server';
import { client, makeStory, makeUser, range, type Client } from '../support/api';

// Idempotency-Key: a repeat of the very same request replays its entry; anything else under the
// same key is refused with a reason, and nothing is lost or created twice.
describe('Idempotency-Key', () => {
  let server: RunningServer;
  let anon: Client;
  let editor: Client;
  let other: Client;

  beforeAll(async () => {
    server = await startServer();
    anon = client(server.url);
    const admin = anon.as(await login(server.url));
    editor = (await makeUser(admin, 'editor')).api;
    other = (await makeUser(admin, 'editor')).api;
  }, 180_000);
  afterAll(() => server.stop());

  const post = (api: Client, story: string, body: Record<string, unknown>, key: string) =>
    api.post(`/api/stories/${story}/entries`, body, { 'idempotency-key': key });
  const count = async (story: string) =>
    (await anon.get(`/api/stories/${story}/entries?limit=100`)).body.items.length as number;

  it('refuses the same key on another story with 422 that says so, and creates nothing there', async () => {
    const [s1, s2] = [await makeStory(editor), await makeStory(editor)];
    const first = await post(editor, s1.id, { body: '<p>مرة</p>' }, 'story-swap');
    expect(first.status).toBe(201);
    const again = await post(editor, s2.id, { body: '<p>مرة</p>' }, 'story-swap');
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.message).toMatch(/already used .*another story/);
    expect(await count(s2.id)).toBe(0);
    expect(await count(s1.id)).toBe(1);
  });

  it('refuses the same key with other fields with 422 naming them', async () => {
    const s = await makeStory(editor);
    await post(editor, s.id, { body: '<p>أولى</p>', headline: 'عاجل' }, 'field-swap');
    const again = await post(editor, s.id, { body: '<p>ثانية</p>', headline: 'عاجل', keyEvent: true }, 'field-swap');
    expect(again.status).toBe(422);
    expect(again.body.message).toContain('body, keyEvent');
    expect(again.body.fields).toEqual(['body', 'keyEvent']);
    expect(await count(s.id)).toBe(1);
  });

  it('replays a repeat spelled differently but asking the same (default status, another offset)', async () => {
    const s = await makeStory(editor);
    const first = await post(editor, s.id, { body: '<p>كييف</p>', occurredAt: '2026-10-25T00:30:00Z' }, 'same-meaning');
    const again = await post(
      editor,
      s.id,
      { body: '<p>كييف</p>', occurredAt: '2026-10-25T03:30:00+03:00', status: 'published', keyEvent: false },
      'same-meaning',
    );
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
  });

  it('keeps keys per user: another user with the same key gets an entry of their own', async () => {
    const s = await makeStory(editor);
    const a = await post(editor, s.id, { body: '<p>x</p>' }, 'per-user');
    const b = await post(other, s.id, { body: '<p>x</p>' }, 'per-user');
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('says truthfully that the entry of a replayed request has since been deleted', async () => {
    const s = await makeStory(editor);
    const first = await post(editor, s.id, { body: '<p>سيحذف</p>' }, 'then-deleted');
    expect((await editor.del(`/api/stories/${s.id}/entries/${first.body.id}`)).status).toBe(204);
    const again = await post(editor, s.id, { body: '<p>سيحذف</p>' }, 'then-deleted');
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ entryId: first.body.id, message: expect.stringMatching(/deleted/) });
    expect(again.body.status).not.toBe('published');
    expect(await count(s.id)).toBe(0);
  });

  it('creates exactly one entry for 25 concurrent repeats, round after round', async () => {
    const s = await makeStory(editor);
    for (const round of range(1, 4)) {
      const replies = await Promise.all(
        range(1, 25).map(() => post(editor, s.id, { body: `<p>جولة ${round}</p>` }, `burst-${round}`)),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(25).fill(201));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(24);
      expect(await count(s.id)).toBe(round);
    }
    expect((await anon.get(`/api/stories/${s.id}/events?since=0`)).body.events).toHaveLength(4);
  });

  it('creates one entry in one story when one key races to two stories at once', async () => {
    const [s1, s2] = [await makeStory(editor), await makeStory(editor)];
    for (const round of range(1, 3)) {
      const key = `race-${round}`;
      const replies = await Promise.all(
        range(1, 16).map((i) => post(editor, i % 2 ? s1.id : s2.id, { body: '<p>سباق</p>' }, key)),
      );
      const created = replies.filter((r) => r.status === 201);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      expect(replies.every((r) => r.status === 201 || r.status === 422)).toBe(true);
      // Every refusal names the other story; every success is in one story.
      expect(new Set(created.map((r) => r.body.storyId)).size).toBe(1);
      expect(replies.filter((r) => r.status === 422)).toHaveLength(8);
    }
    expect((await count(s1.id)) + (await count(s2.id))).toBe(3);
  });
});
