import { request } from 'node:http';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { ResumingReader } from './support/resuming-reader';
import { cleanUpAfterAll } from './support/teardown';
import { createLiveStory, eventLog, expectExactly, oneTo, publishedEntries } from './support/story-log';
import { RetryingWriter, sleep } from './support/writer';

const exitOf = (server: RunningServer) =>
  new Promise<{ code: number | null; ms: number }>((resolve) => {
    const t0 = Date.now();
    if (server.proc.exitCode !== null) return resolve({ code: server.proc.exitCode, ms: 0 });
    server.proc.once('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
  });

// A POST whose body arrives in two halves: it is in flight from its headers on, for as long as
// the test holds the second half back.
function slowPost(url: string, token: string, body: unknown) {
  const json = JSON.stringify(body);
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      authorization: `Bearer ${token}`,
    },
  });
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  req.write(json.slice(0, 10));
  return { finish: () => req.end(json.slice(10)), answer };
}

describe('SIGTERM', () => {
  let server: RunningServer | undefined;
  cleanUpAfterAll(() => [server]);

  it('drains writes in flight, sends readers away with a reconnect notice, exits 0, and readers resume without loss', async () => {
    const storage = await freshStorage();
    server = await startServer({ storage, env: { WRITES_PER_MINUTE: '100000' } });
    const port = server.port;
    const token = await login(server.url);
    const story = await createLiveStory(server.url, token, 'Drain');

    const bases = () => [server!.url];
    const readers = [
      new ResumingReader(bases, story.id, 'websocket'),
      new ResumingReader(bases, story.id, 'websocket'),
      new ResumingReader(bases, story.id, 'polling'),
      new ResumingReader(bases, story.id, 'polling'),
    ];
    await Promise.all(readers.map((r) => r.ready));
    const writers = [
      new RetryingWriter(bases, token, story.id, 'a', 0),
      new RetryingWriter(bases, token, story.id, 'b', 0),
    ];
    writers.forEach((w) => w.start());
    await Promise.all(writers.map((w) => w.until(5)));

    const slow = slowPost(`${server.url}/api/stories/${story.id}/entries`, token, {
      headline: 'in flight',
      body: '<p>sent before SIGTERM, finished after</p>',
    });
    await sleep(200);
    const exited = exitOf(server);
    server.proc.kill('SIGTERM');
    // The process waits for the request it accepted; new connections are refused meanwhile.
    await sleep(500);
    expect(server.proc.exitCode).toBeNull();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    slow.finish();
    const inFlight = await slow.answer;
    expect(inFlight.status).toBe(201);
    const { code, ms } = await exited;
    expect(code).toBe(0);
    // Held 0.5 s by the slow request; the rest is the drain and closing the database.
    expect(ms).toBeLessThan(10_000);
    // WebSocket readers hear the notice before their connection ends.
    for (const r of readers.filter((_, i) => i < 2)) expect(r.reconnectNotices).toBeGreaterThanOrEqual(1);

    server = await startServer({ storage, port, env: { WRITES_PER_MINUTE: '100000' } });
    await Promise.all(writers.map((w) => w.until(w.acked.length + 5)));
    await Promise.all(writers.map((w) => w.stop()));

    const acked = [...writers.flatMap((w) => w.acked), { id: inFlight.body.id }];
    const { events, seq } = await eventLog(server.url, story.id, server.env.DATABASE_URL);
    expect(events.map((e) => e.seq)).toEqual(oneTo(acked.length));
    const stored = new Set((await publishedEntries(server.url, story.id)).map((e) => e.id));
    expect([...stored].sort()).toEqual(acked.map((a) => a.id).sort());
    // An accepted request is answered before the process goes: no 5xx, only refused connections.
    for (const w of writers) for (const kind of w.failures.keys()) expect(kind).not.toMatch(/^5/);

    await Promise.all(readers.map((r) => r.until(seq)));
    for (const r of readers) expectExactly(r, seq);
    await server.stop();
  });
});
