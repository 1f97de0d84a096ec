import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { listenerCount, terminateListeners } from './support/postgres';
import { ResumingReader } from './support/resuming-reader';
import { createLiveStory, eventLog, expectExactly } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';
import { RetryingWriter, sleep } from './support/writer';

describe('the listening connection dropped', () => {
  let servers: RunningServer[] = [];
  cleanUpAfterAll(() => servers);

  it('fills what NOTIFY missed from the event log, for readers on both processes', async () => {
    const storage = await freshStorage();
    const env = { WRITES_PER_MINUTE: '100000' };
    servers = [await startServer({ storage, env }), await startServer({ storage, env })];
    const [a, b] = servers;
    const token = await login(a.url);
    const story = await createLiveStory(a.url, token, 'Dropped listener');
    const readers = [
      new ResumingReader(() => [a.url], story.id),
      new ResumingReader(() => [a.url], story.id, 'polling'),
      new ResumingReader(() => [b.url], story.id),
    ];
    await Promise.all(readers.map((r) => r.ready));
    const writers = [
      new RetryingWriter(() => [a.url], token, story.id, 'a', 5),
      new RetryingWriter(() => [b.url], token, story.id, 'b', 5),
    ];
    writers.forEach((w) => w.start());

    // Three drops while both keep writing: each reconnect waits at least 250 ms, and what was
    // committed meanwhile reaches no listener by NOTIFY.
    for (let i = 0; i < 3; i++) {
      await Promise.all(writers.map((w) => w.until(w.acked.length + 5)));
      // Both processes must be listening again (their reconnect backs off) before the next drop.
      for (let wait = 0; (await listenerCount(storage.databaseUrl!)) < 2; wait++) {
        if (wait > 200) throw new Error('a process did not listen again within 10 s');
        await sleep(50);
      }
      expect(await terminateListeners(storage.databaseUrl!)).toBe(2);
      await sleep(100);
    }
    await Promise.all(writers.map((w) => w.until(w.acked.length + 5)));
    await Promise.all(writers.map((w) => w.stop()));

    const { seq } = await eventLog(a.url, story.id, a.env.DATABASE_URL);
    expect(seq).toBe(writers.reduce((n, w) => n + w.acked.length, 0));
    await Promise.all(readers.map((r) => r.until(seq)));
    for (const r of readers) expectExactly(r, seq);
    // The readers never noticed: their sockets stayed up throughout.
    for (const r of readers) expect(r.sessions).toBe(1);
    for (const s of servers) expect(s.output()).toContain('Lost the listening connection');
  });
});
