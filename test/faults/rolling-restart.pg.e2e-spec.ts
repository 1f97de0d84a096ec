import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { ResumingReader } from './support/resuming-reader';
import { createLiveStory, eventLog, expectExactly, oneTo, publishedEntries } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';
import { RetryingWriter } from './support/writer';

const env = { WRITES_PER_MINUTE: '100000' };

describe('rolling restart of two processes', () => {
  const servers: RunningServer[] = [];
  cleanUpAfterAll(() => servers);

  // SIGTERM one process, wait for it to exit, start it again on the same port; then the other.
  async function restart(i: number): Promise<number> {
    const old = servers[i];
    const exited = new Promise<number | null>((r) => old.proc.once('exit', (code) => r(code)));
    old.proc.kill('SIGTERM');
    const code = await exited;
    servers[i] = await startServer({ storage: { databaseUrl: old.env.DATABASE_URL }, port: old.port, env });
    return code ?? -1;
  }

  it('loses no event for any reader and no acknowledged write', async () => {
    const storage = await freshStorage();
    servers.push(await startServer({ storage, env }), await startServer({ storage, env }));
    const token = await login(servers[0].url);
    const story = await createLiveStory(servers[0].url, token, 'Rolling');
    const ab = () => servers.map((s) => s.url);
    const ba = () => servers.map((s) => s.url).reverse();
    const readers = [
      new ResumingReader(ab, story.id, 'websocket'),
      new ResumingReader(ab, story.id, 'polling'),
      new ResumingReader(ba, story.id, 'websocket'),
      new ResumingReader(ba, story.id, 'polling'),
    ];
    await Promise.all(readers.map((r) => r.ready));
    const writers = [new RetryingWriter(ab, token, story.id, 'x', 5), new RetryingWriter(ba, token, story.id, 'y', 5)];
    writers.forEach((w) => w.start());
    const progress = () => Promise.all(writers.map((w) => w.until(w.acked.length + 5)));

    await progress();
    expect(await restart(0)).toBe(0);
    await progress();
    expect(await restart(1)).toBe(0);
    await progress();
    await Promise.all(writers.map((w) => w.stop()));

    const acked = writers.flatMap((w) => w.acked);
    const { events, seq } = await eventLog(servers[0].url, story.id, servers[0].env.DATABASE_URL);
    expect(events.map((e) => e.seq)).toEqual(oneTo(acked.length));
    expect((await publishedEntries(servers[1].url, story.id)).map((e) => e.id).sort()).toEqual(
      acked.map((a) => a.id).sort(),
    );
    // Draining answers every accepted request: writers only ever saw refused or closed connections.
    for (const w of writers) for (const kind of w.failures.keys()) expect(kind).not.toMatch(/^5/);

    await Promise.all(readers.map((r) => r.until(seq)));
    for (const r of readers) expectExactly(r, seq);
    // Every WebSocket reader sat on a process that was restarted, and was told to move.
    for (const r of readers.filter((_, i) => i % 2 === 0)) expect(r.reconnectNotices).toBeGreaterThanOrEqual(1);
  });
});
