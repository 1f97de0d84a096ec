import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { startNginx, type RunningNginx } from './support/nginx';
import { ResumingReader } from './support/resuming-reader';
import { createLiveStory, eventLog, expectExactly, oneTo, publishedEntries } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';
import { RetryingWriter, sleep } from './support/writer';

// deploy/nginx.conf's fail_timeout, plus a little.
const FAIL_TIMEOUT_MS = 5500;
const env = { WRITES_PER_MINUTE: '100000', TRUST_PROXY: 'true' };

async function readersOn(server: RunningServer): Promise<number> {
  try {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return Number(/^liveline_live_readers (\d+)$/m.exec(text)?.[1] ?? 0);
  } catch {
    return -1;
  }
}

describe('nginx in front of two processes (deploy/nginx.conf)', () => {
  const servers: RunningServer[] = [];
  let nginx: RunningNginx | undefined;
  cleanUpAfterAll(() => servers);
  afterAll(() => nginx?.stop());

  it('carries WebSocket and long-polling readers through the loss of one process, then a rolling restart, without loss', async () => {
    const storage = await freshStorage();
    servers.push(await startServer({ storage, env }), await startServer({ storage, env }));
    nginx = await startNginx([`127.0.0.1:${servers[0].port}`, `127.0.0.1:${servers[1].port}`]);
    const via = () => [nginx!.url];

    const token = await login(nginx.url);
    const story = await createLiveStory(nginx.url, token, 'Balanced');
    const readers = [
      ...Array.from({ length: 4 }, () => new ResumingReader(via, story.id, 'websocket')),
      ...Array.from({ length: 3 }, () => new ResumingReader(via, story.id, 'polling')),
    ];
    await Promise.all(readers.map((r) => r.ready));
    // ip_hash: every reader from this address sits on the same process; polling needs that.
    const counts = await Promise.all(servers.map(readersOn));
    expect([...counts].sort()).toEqual([0, readers.length]);
    const holder = counts[0] > 0 ? 0 : 1;

    const writer = new RetryingWriter(via, token, story.id, 'n', 10);
    writer.start();
    await writer.until(10);

    // 1. kill -9 the process holding every reader.
    const lost = servers[holder];
    await lost.kill();
    await writer.until(writer.acked.length + 10);
    await Promise.all(readers.map((r) => r.until(writer.acked.length - 1)));
    expect(await readersOn(servers[1 - holder])).toBe(readers.length);

    // 2. Bring it back, then drain the survivor with SIGTERM: readers move back. As deploy/README.md
    // says, the next process goes only once nginx tries the restarted one again (fail_timeout).
    servers[holder] = await startServer({ storage: { databaseUrl: lost.env.DATABASE_URL }, port: lost.port, env });
    await sleep(FAIL_TIMEOUT_MS);
    await writer.until(writer.acked.length + 5);
    const failedBefore = writer.failureCount();
    const survivor = servers[1 - holder];
    const exited = new Promise<number | null>((r) => survivor.proc.once('exit', (code) => r(code)));
    survivor.proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    servers[1 - holder] = await startServer({
      storage: { databaseUrl: survivor.env.DATABASE_URL },
      port: survivor.port,
      env,
    });
    await writer.until(writer.acked.length + 10);
    await writer.stop();
    // A drain refuses new connections, so nginx sends new requests to the other process. A POST
    // already on its way over a pooled keep-alive connection the drain closes can still fail
    // (nginx does not retry non-idempotent requests); the writer's retry with the same
    // Idempotency-Key lands it once, which the log checks below prove.
    expect(writer.failureCount() - failedBefore).toBeLessThanOrEqual(2);

    const { events, seq } = await eventLog(nginx.url, story.id, servers[0].env.DATABASE_URL);
    expect(seq).toBe(writer.acked.length);
    expect(events.map((e) => e.seq)).toEqual(oneTo(seq));
    expect((await publishedEntries(nginx.url, story.id)).map((e) => e.id).sort()).toEqual(
      writer.acked.map((a) => a.id).sort(),
    );
    await Promise.all(readers.map((r) => r.until(seq)));
    for (const r of readers) {
      expectExactly(r, seq);
      expect(r.sessions).toBeGreaterThanOrEqual(3);
    }
    // The balancer keeps per-process metrics to itself.
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(404);
    console.log(`balancer: ${seq} events, writer retries ${JSON.stringify([...writer.failures])}`);
  });
});
