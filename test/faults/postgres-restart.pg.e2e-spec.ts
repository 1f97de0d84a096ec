import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { startPostgres, stopPostgres } from './support/postgres';
import { cleanUpAfterAll } from './support/teardown';
import { ResumingReader } from './support/resuming-reader';
import { createLiveStory, eventLog, expectExactly, oneTo } from './support/story-log';
import { RetryingWriter, sleep } from './support/writer';

async function healthOf(server: RunningServer): Promise<number> {
  try {
    return (await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return 0;
  }
}

async function waitForHealth(servers: RunningServer[], status: number, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await Promise.all(servers.map(healthOf))).every((s) => s === status)) {
    if (Date.now() - t0 > ms)
      throw new Error(`health never became ${status} within ${ms} ms: ${await Promise.all(servers.map(healthOf))}`);
    await sleep(100);
  }
  return Date.now() - t0;
}

describe('PostgreSQL restarted under load', () => {
  let servers: RunningServer[] = [];
  // Whatever happens, the shared PostgreSQL is running again after this file.
  afterAll(() => {
    try {
      startPostgres();
    } catch {
      // already running
    }
  });
  cleanUpAfterAll(() => servers);

  it('answers 503 on /health while it is down, recovers by itself, and readers resume without loss', async () => {
    const storage = await freshStorage();
    const env = { WRITES_PER_MINUTE: '100000' };
    servers = [await startServer({ storage, env }), await startServer({ storage, env })];
    const [a, b] = servers;
    const token = await login(a.url);
    const story = await createLiveStory(a.url, token, 'Outage');

    const readers = [
      new ResumingReader(() => [a.url], story.id),
      new ResumingReader(() => [b.url], story.id),
      new ResumingReader(() => [b.url], story.id, 'polling'),
    ];
    await Promise.all(readers.map((r) => r.ready));
    const writer = new RetryingWriter(() => [a.url, b.url], token, story.id, 'w', 20);
    writer.start();
    await writer.until(10);

    stopPostgres();
    const downSince = Date.now();
    const to503 = await waitForHealth(servers, 503, 10_000);
    const ackedWhileDown = writer.acked.length;
    await sleep(1500);
    // Writes fail while the database is away; none is acknowledged.
    expect(writer.acked.length).toBeLessThanOrEqual(ackedWhileDown + 1);
    startPostgres();
    const recovered = await waitForHealth(servers, 200, 30_000);
    await writer.until(writer.acked.length + 10);
    await writer.stop();

    // A database outage is the service being unavailable, never a server bug.
    for (const kind of writer.failures.keys()) expect(kind).not.toBe('500');
    const { events, seq } = await eventLog(a.url, story.id, a.env.DATABASE_URL);
    expect(seq).toBe(writer.acked.length);
    expect(events.map((e) => e.seq)).toEqual(oneTo(seq));
    await Promise.all(readers.map((r) => r.until(seq, 30_000)));
    for (const r of readers) expectExactly(r, seq);
    console.log(
      `PostgreSQL restart: /health 503 after ${to503} ms, 200 again ${recovered} ms after start (outage ${Date.now() - downSince} ms); writer failures ${JSON.stringify([...writer.failures])}`,
    );
  });
});
