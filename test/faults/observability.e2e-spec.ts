import { usingPostgres } from '../support/database';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';
import { ResumingReader } from './support/resuming-reader';
import { createLiveStory } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';

/** Parses the Prometheus text format into `name{labels}` → value. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('metrics and logs', () => {
  let server: RunningServer;
  cleanUpAfterAll(() => [server]);

  it('exposes readers (bounded per story), events, delivery lag, HTTP latency by route, pool and event-loop lag', async () => {
    server = await startServer({ env: { WRITES_PER_MINUTE: '100000', LOG_LEVEL: 'info' } });
    const token = await login(server.url);
    // Twelve stories with readers: per-story series stay at the ten busiest.
    const stories: { id: string; slug: string }[] = [];
    for (let i = 0; i < 12; i++) stories.push(await createLiveStory(server.url, token, `Metrics ${i}`));
    const readers = stories.flatMap((s, i) =>
      Array.from({ length: i === 0 ? 3 : 1 }, () => new ResumingReader(() => [server.url], s.id)),
    );
    await Promise.all(readers.map((r) => r.ready));
    for (const s of stories.slice(0, 3)) {
      const r = await fetch(`${server.url}/api/stories/${s.id}/entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ body: '<p>m</p>' }),
      });
      expect(r.status).toBe(201);
    }
    await Promise.all(readers.slice(0, 5).map((r) => r.until(1)));
    await fetch(`${server.url}/api/stories/${stories[0].id}/entries?limit=5`);
    await fetch(`${server.url}/api/stories/${stories[1].slug}/entries?limit=7`);

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const m = parseMetrics(await res.text());
    expect(m.get('liveline_live_readers')).toBe(14);
    const perStory = [...m.keys()].filter((k) => k.startsWith('liveline_live_story_readers{'));
    expect(perStory).toHaveLength(10);
    expect(m.get(`liveline_live_story_readers{story="${stories[0].id}"}`)).toBe(3);
    expect(m.get('liveline_events_delivered_total{type="entry.published"}')).toBe(3);
    expect(m.get('liveline_event_delivery_lag_seconds_count')).toBe(3);
    // Route templates, never raw URLs: two different stories share one series.
    expect(
      m.get(
        'liveline_http_request_duration_seconds_count{method="GET",route="/api/stories/:ref/entries",status="200"}',
      ),
    ).toBe(2);
    expect([...m.keys()].some((k) => k.includes(stories[1].slug))).toBe(false);
    expect(m.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(m.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect(m.get('liveline_listener_connected')).toBe(1);
    if (usingPostgres()) {
      expect(m.get('liveline_db_pool_connections{state="total"}')).toBeGreaterThan(0);
      expect(m.has('liveline_db_pool_connections{state="waiting"}')).toBe(true);
    }
    readers.forEach((r) => r.close());
  });

  it('logs JSON lines with request ids, without credentials and without probe or scrape noise', async () => {
    const id = `obs-${Date.now()}`;
    const r = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': id },
      body: JSON.stringify(ADMIN),
    });
    expect(r.headers.get('x-request-id')).toBe(id);
    const { token } = (await r.json()) as { token: string };
    await fetch(`${server.url}/api/auth/me?token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${server.url}/health`);
    await fetch(`${server.url}/metrics?x=1`);
    await new Promise((done) => setTimeout(done, 300));
    const lines = server.output().split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.find((l) => l.req.id === id)).toMatchObject({
      req: { method: 'POST', url: '/api/auth/login' },
      res: { statusCode: 200 },
    });
    expect(requests.some((l) => l.req.url === '/health' || l.req.url.startsWith('/metrics'))).toBe(false);
    const all = server.output();
    expect(all).not.toContain(ADMIN.password);
    expect(all).not.toContain(token);
  });
});
