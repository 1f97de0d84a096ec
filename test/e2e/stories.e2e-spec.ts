import { login, startServer, type RunningServer } from '../support/server';
import { client, makeStory, makeUser, Reader, type Client } from '../support/api';

describe('stories API', () => {
  let server: RunningServer;
  let anon: Client;
  let editor: Client;
  let contributor: Client;

  beforeAll(async () => {
    server = await startServer();
    anon = client(server.url);
    const admin = anon.as(await login(server.url));
    editor = (await makeUser(admin, 'editor')).api;
    contributor = (await makeUser(admin, 'contributor')).api;
  });
  afterAll(() => server.stop());

  it('creates a story: direction from the language, seq 0, coverage started when live', async () => {
    const r = await editor.post('/api/stories', {
      title: 'الحرب في أوكرانيا',
      slug: 'ukraine-war',
      language: 'ar',
      status: 'live',
      summary: 'ملخص',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      slug: 'ukraine-war',
      language: 'ar',
      direction: 'rtl',
      status: 'live',
      seq: 0,
      summary: 'ملخص',
    });
    expect(Object.keys(r.body).sort()).toEqual(
      [
        'coverImage',
        'coverImageUrl',
        'coverageEndedAt',
        'coverageStartedAt',
        'createdAt',
        'direction',
        'id',
        'language',
        'seq',
        'slug',
        'status',
        'summary',
        'timeZone',
        'title',
        'updatedAt',
      ].sort(),
    );
    expect(r.body.coverageStartedAt).not.toBeNull();
    expect(r.body.coverageEndedAt).toBeNull();
  });

  it('defaults to a draft in English with a slug from the title', async () => {
    const r = await editor.post('/api/stories', { title: 'Election Night 2026' });
    expect(r.body).toMatchObject({
      slug: 'election-night-2026',
      language: 'en',
      direction: 'ltr',
      timeZone: 'UTC',
      status: 'draft',
      coverageStartedAt: null,
    });
  });

  it('answers a taken slug with a 409', async () => {
    const r = await editor.post('/api/stories', { title: 'x', slug: 'ukraine-war' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x', slug: 'Not A Slug' }, 'slug'],
    [{ title: 'x', language: 'arabic!' }, 'language'],
    [{ title: 'x', status: 'published' }, 'status'],
    [{ title: 'x', extra: 1 }, 'extra'],
    [{ title: 42 }, 'title'],
    [{ title: null }, 'title'],
  ])('refuses %p with a 400 naming %s', async (body, field) => {
    const r = await editor.post('/api/stories', body);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.message)).toContain(field);
  });

  it('needs an editor: 401 anonymous, 403 contributor', async () => {
    expect((await anon.post('/api/stories', { title: 'x' })).status).toBe(401);
    expect((await contributor.post('/api/stories', { title: 'x' })).status).toBe(403);
    expect((await contributor.patch('/api/stories/ukraine-war', { title: 'x' })).status).toBe(403);
  });

  it('finds a story by id or slug; unknown refs are a JSON 404', async () => {
    const s = await makeStory(editor);
    expect((await anon.get(`/api/stories/${s.id}`)).body.slug).toBe(s.slug);
    expect((await anon.get(`/api/stories/${s.slug}`)).body.id).toBe(s.id);
    const missing = await anon.get('/api/stories/no-such-story');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('keeps drafts in the newsroom', async () => {
    const draft = await makeStory(editor, { status: 'draft' });
    expect((await anon.get(`/api/stories/${draft.slug}`)).status).toBe(404);
    expect((await anon.get(`/api/stories/${draft.slug}/entries`)).status).toBe(404);
    expect((await editor.get(`/api/stories/${draft.slug}`)).status).toBe(200);
    const publicList = await anon.get('/api/stories');
    expect(publicList.body.items.map((s: { id: string }) => s.id)).not.toContain(draft.id);
    const newsroomList = await editor.get('/api/stories?status=draft');
    expect(newsroomList.body.items.map((s: { id: string }) => s.id)).toContain(draft.id);
    expect((await anon.get('/api/stories?status=draft')).status).toBe(401);
    expect((await anon.get('/api/stories?status=bogus')).status).toBe(400);
  });

  it('lists stories filtered by status', async () => {
    const ended = await makeStory(editor, { status: 'ended' });
    const r = await anon.get('/api/stories?status=ended');
    expect(r.body.items.every((s: { status: string }) => s.status === 'ended')).toBe(true);
    expect(r.body.items.map((s: { id: string }) => s.id)).toContain(ended.id);
  });

  it('patches a story, pushes story.updated with the next seq, and sets coverage times', async () => {
    const s = await makeStory(editor);
    const reader = new Reader(server.url);
    await reader.subscribe(s.slug);
    const r = await editor.patch(`/api/stories/${s.slug}`, { summary: 'ملخص جديد' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ summary: 'ملخص جديد', seq: 1 });
    const ended = await editor.patch(`/api/stories/${s.id}`, { status: 'ended' });
    expect(ended.body.coverageEndedAt).not.toBeNull();
    expect(ended.body.seq).toBe(2);
    await reader.until(s.id, 2);
    expect(reader.events.map((e) => [e.seq, e.type, e.story?.summary])).toEqual([
      [1, 'story.updated', 'ملخص جديد'],
      [2, 'story.updated', 'ملخص جديد'],
    ]);
    reader.close();
  });

  it('makes no public event for edits of a draft story', async () => {
    const draft = await makeStory(editor, { status: 'draft' });
    const r = await editor.patch(`/api/stories/${draft.id}`, { title: 'عنوان جديد' });
    expect(r.body.seq).toBe(0);
    const live = await editor.patch(`/api/stories/${draft.id}`, { status: 'live' });
    expect(live.body).toMatchObject({ seq: 1, status: 'live' });
    expect(live.body.coverageStartedAt).not.toBeNull();
  });

  it('answers a slug change to a taken slug with 409 and leaves the story as it was', async () => {
    const a = await makeStory(editor);
    const b = await makeStory(editor);
    expect((await editor.patch(`/api/stories/${b.id}`, { slug: a.slug, title: 'changed' })).status).toBe(409);
    expect((await editor.get(`/api/stories/${b.id}`)).body).toMatchObject({ slug: b.slug, title: b.title, seq: 0 });
  });
});
