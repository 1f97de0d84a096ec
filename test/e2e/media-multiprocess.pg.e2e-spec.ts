import type { Media } from '@liveline/contracts';
import { Client as PgClient } from 'pg';
import { client, eventually } from '../support/api';
import { fetchBytes, phoneJpeg, plainPng, upload } from '../support/media-corpus';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';

// Two processes on one PostgreSQL and nothing else: every upload is served by both, and a
// takedown on one is a 410 on the other at once.
describe('media on two processes sharing one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let tokenA: string;
  let tokenB: string;
  let databaseUrl: string;

  beforeAll(async () => {
    const storage = await freshStorage();
    databaseUrl = storage.databaseUrl!;
    const env = { MEDIA_JANITOR_INTERVAL_MS: '1000', MEDIA_ORPHAN_DAYS: '7' };
    // One after the other: on a loaded machine two cold starts at once can miss the health deadline.
    a = await startServer({ storage, env });
    b = await startServer({ storage, env });
    [tokenA, tokenB] = await Promise.all([login(a.url), login(b.url)]);
  }, 240_000);
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  const on = (srv: RunningServer, url: string) => srv.url + new URL(url).pathname;

  it('serves an upload made on one process from the other, byte for byte', async () => {
    const m = (await upload(a.url, tokenA, await phoneJpeg())).body;
    for (const r of m.renditions) {
      const [fromA, fromB] = await Promise.all([fetchBytes(on(a, r.url)), fetchBytes(on(b, r.url))]);
      expect([fromA.status, fromB.status]).toEqual([200, 200]);
      expect(fromB.bytes.equals(fromA.bytes)).toBe(true);
    }
    expect((await client(b.url, tokenB).get<Media>(`/api/media/${m.id}`)).body.renditions).toEqual(
      m.renditions.map((r) => ({ ...r, url: on(b, r.url) })),
    );
  });

  it('answers 410 on both processes as soon as either takes an image down, in many rounds', async () => {
    for (let round = 0; round < 5; round++) {
      const m = (await upload(b.url, tokenB, await plainPng(400 + round, 300))).body;
      const url = m.renditions[0].url;
      expect((await fetchBytes(on(a, url))).status).toBe(200);
      const [taker, other] = round % 2 ? [b, a] : [a, b];
      expect((await client(taker.url, round % 2 ? tokenB : tokenA).del(`/api/media/${m.id}`)).status).toBe(204);
      // No wait: the tombstone is in the database both read before every byte.
      expect([(await fetchBytes(on(other, url))).status, (await fetchBytes(on(taker, url))).status]).toEqual([
        410, 410,
      ]);
    }
  });

  it('the janitor removes an upload no entry has used for MEDIA_ORPHAN_DAYS, and keeps one in use', async () => {
    const api = client(a.url, tokenA);
    const orphan = (await upload(a.url, tokenA, await plainPng(333, 222))).body;
    const used = (await upload(a.url, tokenA, await plainPng(334, 222))).body;
    const story = (
      await api.post('/api/stories', {
        title: 'Janitor',
        slug: `janitor-${Date.now()}`,
        language: 'en',
        status: 'live',
      })
    ).body;
    expect(
      (
        await api.post(`/api/stories/${story.id}/entries`, {
          body: `<p><img src="${new URL(used.url).pathname}" alt="used"></p>`,
        })
      ).status,
    ).toBe(201);
    const pg = new PgClient({ connectionString: databaseUrl });
    await pg.connect();
    try {
      await pg.query(`UPDATE media SET created_at = now() - interval '8 days' WHERE id = ANY($1)`, [
        [orphan.id, used.id],
      ]);
    } finally {
      await pg.end();
    }
    await eventually(async () => (await fetchBytes(on(b, orphan.url))).status === 410, 20_000, 'the orphan removed');
    expect((await fetchBytes(on(b, used.url))).status).toBe(200);
    const audit = (await api.get(`/api/audit?targetType=media&targetId=${orphan.id}`)).body.items;
    expect(audit[0].action).toBe('media.orphan_removed');
  });
});
