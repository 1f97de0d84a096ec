import { login, startServer, freshStorage } from '../support/server';
import { client, makeStory, range } from '../support/api';

describe('durability and the demo story', () => {
  it('keeps every 201 across kill -9 and a restart', async () => {
    const storage = await freshStorage();
    let server = await startServer({ storage });
    const api = client(server.url, await login(server.url));
    const s = await makeStory(api);
    const ids: string[] = [];
    for (const i of range(1, 5)) {
      const r = await api.post(`/api/stories/${s.id}/entries`, { body: `<p>${i}</p>` });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    // Right after the last response: no graceful shutdown, no chance to flush anything more.
    await server.kill();
    server = await startServer({ storage });
    const anon = client(server.url);
    const page = await anon.get(`/api/stories/${s.id}/entries?limit=100`);
    expect(page.body.items.map((e: { id: string }) => e.id).sort()).toEqual([...ids].sort());
    expect(page.body.seq).toBe(5);
    expect(
      (await anon.get(`/api/stories/${s.id}/events?since=0`)).body.events.map((e: { seq: number }) => e.seq),
    ).toEqual([1, 2, 3, 4, 5]);
    await server.stop();
  });

  it('seeds the Arabic demo story into an empty database, once', async () => {
    const storage = await freshStorage({ blank: true });
    let server = await startServer({ storage, env: { SEED_DEMO: 'true' } });
    const anon = client(server.url);
    const story = await anon.get('/api/stories/austin-kyiv-north-korea-troops');
    expect(story.body).toMatchObject({ language: 'ar', direction: 'rtl', status: 'live' });
    expect(story.body.summary.length).toBeGreaterThan(50);
    const entries = (await anon.get('/api/stories/austin-kyiv-north-korea-troops/entries?limit=100')).body.items as {
      occurredAt: string;
      keyEvent: boolean;
      pinned: boolean;
      headline: string;
      body: string;
    }[];
    expect(entries.length).toBeGreaterThanOrEqual(10);
    expect(entries.filter((e) => e.keyEvent).length).toBeGreaterThanOrEqual(2);
    expect(entries.filter((e) => e.pinned)).toHaveLength(1);
    const days = new Set(entries.map((e) => e.occurredAt.slice(0, 10)));
    expect(days).toEqual(new Set(['2024-10-20', '2024-10-21']));
    const headlines = entries.map((e) => e.headline);
    for (const h of ['تصعيد كبير', 'أوستن في كييف', 'احتجاج كوري جنوبي', 'تدمير مسيرات', 'تصدي أوكراني لهجوم'])
      expect(headlines).toContain(h);
    const text = entries.map((e) => e.body).join('\n');
    expect(text).toContain('رويترز');
    expect(text).toMatch(/<blockquote cite="https:\/\/x\.com/);
    expect(text).toContain('تيليغرام');
    await server.stop();
    server = await startServer({ storage, env: { SEED_DEMO: 'true' } });
    const again = await client(server.url).get('/api/stories');
    expect(again.body.items.filter((s: { slug: string }) => s.slug === 'austin-kyiv-north-korea-troops')).toHaveLength(
      1,
    );
    expect(
      (await client(server.url).get('/api/stories/austin-kyiv-north-korea-troops/entries?limit=100')).body.items,
    ).toHaveLength(entries.length);
    await server.stop();
  });

  it('skips the demo story with SEED_DEMO=false', async () => {
    const server = await startServer({ env: { SEED_DEMO: 'false' } });
    expect((await client(server.url).get('/api/stories')).body.items).toEqual([]);
    await server.stop();
  });

  it('stops at boot with a message naming a bad setting', async () => {
    await expect(startServer({ env: { REPLAY_WINDOW: 'lots' } })).rejects.toThrow(/REPLAY_WINDOW=/);
  });
});
