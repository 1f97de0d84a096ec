import { login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeStory, makeUser, type Client } from '../support/api';

// Who did what: drafts, submissions and schedules are audited like publishing, filterable by
// story and by user, and a scheduled publish is credited to whoever scheduled it.
describe('audit trail', () => {
  let server: RunningServer;
  let admin: Client;
  let editor: Client;
  let editorId: string;
  let contributor: Client;
  let contributorId: string;

  beforeAll(async () => {
    server = await startServer({ env: { SCHEDULER_INTERVAL_MS: '200' } });
    admin = client(server.url, await login(server.url));
    const e = await makeUser(admin, 'editor');
    editor = e.api;
    editorId = e.user.id;
    const c = await makeUser(admin, 'contributor');
    contributor = c.api;
    contributorId = c.user.id;
  }, 180_000);
  afterAll(() => server.stop());

  const audit = async (query: string) =>
    (await admin.get(`/api/audit?${query}`)).body.items as Array<{
      action: string;
      actorId: string;
      actorName: string | null;
      targetId: string;
      details: Record<string, unknown>;
    }>;

  it('records drafts, submissions and schedules, and filters by story and by user', async () => {
    const s = await makeStory(editor);
    const other = await makeStory(editor);
    const draft = (await editor.post(`/api/stories/${s.id}/entries`, { body: '<p>مسودة</p>', status: 'draft' })).body;
    const submitted = (await contributor.post(`/api/stories/${s.id}/entries`, { body: '<p>مقترح</p>' })).body;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (
      await editor.post(`/api/stories/${s.id}/entries`, {
        body: '<p>لاحقًا</p>',
        status: 'scheduled',
        scheduledAt: later,
      })
    ).body;
    await editor.post(`/api/stories/${other.id}/entries`, { body: '<p>قصة أخرى</p>' });

    const items = await audit(`storyId=${s.id}`);
    const actionOf = (id: string) => items.filter((i) => i.targetId === id).map((i) => i.action);
    expect(actionOf(draft.id)).toEqual(['entry.drafted']);
    expect(actionOf(submitted.id)).toEqual(['entry.submitted']);
    expect(actionOf(scheduled.id)).toEqual(['entry.scheduled']);
    expect(items.some((i) => i.targetId === s.id && i.action === 'story.created')).toBe(true);
    expect(items.every((i) => i.targetId === s.id || i.details.storyId === s.id)).toBe(true);

    const byContributor = await audit(`actorId=${contributorId}`);
    expect(byContributor.map((i) => i.targetId)).toEqual([submitted.id]);
    expect(byContributor[0].actorName).toMatch(/^contributor /);
    expect((await admin.get('/api/audit?storyId=not-a-uuid')).status).toBe(400);
  });

  it('credits a scheduled publish to the editor who scheduled it, not the author', async () => {
    const s = await makeStory(editor);
    const submitted = (await contributor.post(`/api/stories/${s.id}/entries`, { body: '<p>خبر</p>' })).body;
    const at = new Date(Date.now() + 1500).toISOString();
    const r = await editor.patch(`/api/stories/${s.id}/entries/${submitted.id}`, {
      status: 'scheduled',
      scheduledAt: at,
    });
    expect(r.status).toBe(200);
    await eventually(
      async () => (await audit(`storyId=${s.id}`)).some((i) => i.action === 'entry.published'),
      20_000,
      'scheduled publish',
    );
    const published = (await audit(`storyId=${s.id}`)).find((i) => i.action === 'entry.published')!;
    expect(published.actorId).toBe(editorId);
    expect(published.details.scheduledBy).toBe(editorId);
    const revisions = (await editor.get(`/api/stories/${s.id}/entries/${submitted.id}/revisions`)).body.items as Array<{
      version: number;
      actor?: { id: string };
    }>;
    expect(revisions.find((v) => v.version === 3)?.actor?.id).toBe(editorId);
  });
});
