import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { login, startServer, type RunningServer } from '../support/server';
import { client, makeEntry, makeStory, type Client } from '../support/api';

// A story's time zone: stored, validated, defaulted, and what the reader surfaces show times in.
describe('story time zone', () => {
  let server: RunningServer;
  let anon: Client;
  let editor: Client;

  beforeAll(async () => {
    server = await startServer({ env: { DEFAULT_TIME_ZONE: 'Asia/Riyadh' } });
    anon = client(server.url);
    editor = anon.as(await login(server.url));
  }, 180_000);
  afterAll(() => server.stop());

  it('stores an IANA zone given at creation and returns it everywhere', async () => {
    const s = await makeStory(editor, { timeZone: 'Europe/Kyiv' } as never);
    expect(s.timeZone).toBe('Europe/Kyiv');
    expect((await anon.get(`/api/stories/${s.slug}`)).body.timeZone).toBe('Europe/Kyiv');
    expect((await anon.get('/api/stories')).body.items.find((x: { id: string }) => x.id === s.id).timeZone).toBe(
      'Europe/Kyiv',
    );
  });

  it('defaults to DEFAULT_TIME_ZONE', async () => {
    expect((await makeStory(editor)).timeZone).toBe('Asia/Riyadh');
  });

  it('refuses unknown zones and offsets with 400 naming timeZone, on create and on change', async () => {
    for (const timeZone of ['Mars/Olympus', '+03:00', '', 'Europe/Kyiv; DROP', 3]) {
      const r = await editor.post('/api/stories', { title: 'x', timeZone });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.message)).toContain('timeZone');
    }
    const s = await makeStory(editor);
    expect((await editor.patch(`/api/stories/${s.id}`, { timeZone: 'Nowhere/Town' })).status).toBe(400);
  });

  it('changes the zone with PATCH and tells followers in story.updated', async () => {
    const s = await makeStory(editor);
    const r = await editor.patch(`/api/stories/${s.id}`, { timeZone: 'Europe/Kyiv' });
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBe('Europe/Kyiv');
    const events = (await anon.get(`/api/stories/${s.id}/events?since=0`)).body.events;
    expect(events.at(-1)).toMatchObject({ type: 'story.updated', story: { timeZone: 'Europe/Kyiv' } });
  });

  it('renders the reader page and the embed in the story zone, labelled, across the October DST change', async () => {
    const s = await makeStory(editor, { timeZone: 'Europe/Kyiv', language: 'ar' } as never);
    await makeEntry(editor, s.id, { occurredAt: '2026-10-25T00:30:00Z', body: '<p>قبل</p>' });
    await makeEntry(editor, s.id, { occurredAt: '2026-10-25T01:30:00Z', body: '<p>بعد</p>' });
    for (const path of [`/stories/${s.slug}`, `/embed/${s.slug}`]) {
      const html = (await anon.get(path)).body as string;
      expect(html).toContain('الأوقات حسب توقيت أوكرانيا');
      expect(html).toMatch(/datetime="2026-10-25T00:30:00.000Z"[^>]*>٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش\+٣</);
      expect(html).toMatch(/datetime="2026-10-25T01:30:00.000Z"[^>]*>٢٥ أكتوبر ٢٠٢٦ في ٣:٣٠ ص غرينتش\+٢</);
      expect(html).not.toMatch(/UTC</);
    }
  });

  it('refuses to start with an unknown DEFAULT_TIME_ZONE, naming it', () => {
    const main = resolve(__dirname, '../../dist/apps/server/src/main.js');
    const r = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, DEFAULT_TIME_ZONE: 'Mars/Olympus', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('DEFAULT_TIME_ZONE');
  });
});
