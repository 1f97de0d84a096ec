import type { Entry, TimelineEvent } from '@liveline/contracts';
import { freshStorage, login, startServer } from '../support/server';
import { eventLog, oneTo, publishedEntries } from './support/story-log';

const WRITERS = 6;
const KILL_AFTER_ACKS = 60;

interface Ack {
  id: string;
  version: number;
  body: string;
}

async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: any }> {
  const r = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json().catch(() => null) };
}

describe('kill -9 during a burst of writes', () => {
  it('keeps every acknowledged write, leaves no half-written entry and no gap in seq', async () => {
    const storage = await freshStorage();
    let server = await startServer({ storage, env: { WRITES_PER_MINUTE: '100000' } });
    const token = await login(server.url);
    const story = (
      await call(server.url, token, 'POST', '/api/stories', {
        title: 'Burst',
        slug: `burst-${Date.now()}`,
        status: 'live',
      })
    ).json;

    // Each writer creates entries and edits every third one it made, as fast as it can.
    const acks = new Map<string, Ack>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const body = `<p>writer ${w} entry ${i} <em>${'x'.repeat(i % 50)}</em></p>`;
          const r = await call(server.url, token, 'POST', `/api/stories/${story.id}/entries`, {
            headline: `w${w}-${i}`,
            body,
          });
          if (r.status !== 201) throw new Error(`POST gave ${r.status}: ${JSON.stringify(r.json)}`);
          acks.set(r.json.id, { id: r.json.id, version: r.json.version, body: r.json.body });
          if (i % 3 === 2) {
            const edited = `<p>writer ${w} entry ${i}, corrected</p>`;
            const p = await call(server.url, token, 'PATCH', `/api/stories/${story.id}/entries/${r.json.id}`, {
              body: edited,
            });
            if (p.status !== 200) throw new Error(`PATCH gave ${p.status}: ${JSON.stringify(p.json)}`);
            acks.set(r.json.id, { id: r.json.id, version: p.json.version, body: p.json.body });
          }
        } catch (e) {
          // After the kill, requests fail without an answer: their outcome is unknown, not lost.
          if (stop) return;
          throw e;
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    // Generous: PGlite on a busy CI machine manages a few writes a second.
    const deadline = Date.now() + 60_000;
    while (acks.size < KILL_AFTER_ACKS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await server.kill();
    await Promise.all(writers);
    expect(acks.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    server = await startServer({ storage });
    const { events, seq } = await eventLog(server.url, story.id, server.env.DATABASE_URL);
    // Gap-free from 1, and the story's seq is the last event's.
    expect(events.map((e) => e.seq)).toEqual(oneTo(events.length));
    expect(seq).toBe(events.length);

    const stored = new Map((await publishedEntries(server.url, story.id)).map((e) => [e.id, e]));
    // Every acknowledged write is there, at least as new as its acknowledgement.
    for (const ack of acks.values()) {
      const entry = stored.get(ack.id);
      expect(entry).toBeDefined();
      expect(entry!.version).toBeGreaterThanOrEqual(ack.version);
      if (entry!.version === ack.version) expect(entry!.body).toBe(ack.body);
    }
    // Rows and log agree entry by entry: each row has its events, each event its row, and the
    // last event of an entry carries exactly the stored row.
    const lastEvent = new Map<string, TimelineEvent>();
    for (const e of events) {
      expect(['entry.published', 'entry.updated']).toContain(e.type);
      lastEvent.set(e.entry!.id, e);
    }
    expect([...lastEvent.keys()].sort()).toEqual([...stored.keys()].sort());
    for (const [id, e] of lastEvent) {
      const entry = stored.get(id) as Entry;
      expect({ version: e.entry!.version, body: e.entry!.body, headline: e.entry!.headline }).toEqual({
        version: entry.version,
        body: entry.body,
        headline: entry.headline,
      });
    }
    const published = events.filter((e) => e.type === 'entry.published').map((e) => e.entry!.id);
    expect(new Set(published).size).toBe(published.length);

    // And the story goes on from where it was.
    const next = await call(server.url, token, 'POST', `/api/stories/${story.id}/entries`, {
      body: '<p>after the crash</p>',
    });
    expect(next.status).toBe(201);
    expect((await eventLog(server.url, story.id, server.env.DATABASE_URL)).seq).toBe(events.length + 1);
    await server.stop();
  });
});
