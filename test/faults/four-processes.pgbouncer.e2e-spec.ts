import { Client } from 'pg';
import { poolStats, pooledPass } from '../support/pgbouncer';
import { freshStorage, login, startServer, type RunningServer, type Storage } from '../support/server';
import { startNginx, type RunningNginx } from './support/nginx';
import { ResumingReader } from './support/resuming-reader';
import { addressesByPeer, agentFrom, fetchFrom } from './support/source-address';
import { createLiveStory, eventLog, expectExactly, oneTo, publishedEntries } from './support/story-log';
import { cleanUpAfterAll } from './support/teardown';
import { RetryingWriter, sleep } from './support/writer';

// Production shape: four processes behind deploy/nginx.conf, DATABASE_URL through PgBouncer in
// transaction pooling mode (the pooled pass of scripts/test.mjs, test/jest.pgbouncer.config.js),
// LISTEN and migrations on DATABASE_DIRECT_URL.
const PROCESSES = 4;
// deploy/nginx.conf's fail_timeout, plus a little: when nginx tries a restarted process again.
const FAIL_TIMEOUT_MS = 5500;
const env = (i: number) => ({ WRITES_PER_MINUTE: '100000', TRUST_PROXY: 'true', INSTANCE_ID: `p${i + 1}` });

async function metric(server: RunningServer, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (pattern.test(line)) sum += Number(line.split(' ').at(-1));
  return sum;
}
const readersOn = (s: RunningServer) => metric(s, /^liveline_live_readers /);
const entriesPostedOn = (s: RunningServer) =>
  metric(
    s,
    /^liveline_http_request_duration_seconds_count\{(?=.*method="POST")(?=.*route="\/api\/stories\/:ref\/entries")(?=.*status="201")/,
  );

async function directQuery<T>(storage: Storage, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: storage.directUrl ?? storage.databaseUrl });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function eventually(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(200);
  }
}

describe('four processes behind nginx, through PgBouncer', () => {
  const servers: RunningServer[] = [];
  let nginx: RunningNginx | undefined;
  cleanUpAfterAll(() => servers);
  afterAll(() => nginx?.stop());

  it('migrates once when four start together, then keeps every reader exact and every acknowledged write through a rolling restart of all four and a kill -9', async () => {
    const storage = await freshStorage();
    const database = new URL(storage.directUrl ?? storage.databaseUrl!).pathname.slice(1);
    const pool = pooledPass();
    const xactsAtStart = pool ? ((await poolStats(pool)).get(database)?.xacts ?? 0) : 0;

    // 1. Four processes start at once on an empty database: one migrates under the lock on
    // DATABASE_DIRECT_URL, the others wait for it, and no lock is left behind.
    servers.push(
      ...(await Promise.all(
        oneTo(PROCESSES).map((n) => startServer({ storage, env: env(n - 1), readyWithinMs: 180_000 })),
      )),
    );
    const runs = await directQuery<{ name: string; n: number }>(
      storage,
      'SELECT name, count(*)::int AS n FROM migrations GROUP BY name',
    );
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.n !== 1)).toEqual([]);
    const [locks] = await directQuery<{ n: number }>(
      storage,
      "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1",
      [database],
    );
    expect(locks.n).toBe(0);

    nginx = await startNginx(servers.map((s) => `127.0.0.1:${s.port}`));
    const via = () => [nginx!.url];
    // One source address per process: ip_hash sends each to "its" process (support/source-address.ts).
    const addresses = addressesByPeer(PROCESSES, 1).map(([a]) => a);
    const token = await login(nginx.url);
    const story = await createLiveStory(nginx.url, token, 'Four processes');

    // 2. Readers on all four, WebSocket and long-polling.
    const readers = addresses.flatMap((address) => [
      new ResumingReader(via, story.id, 'websocket', { agent: agentFrom(address) as never }),
      new ResumingReader(via, story.id, 'websocket', { agent: agentFrom(address) as never }),
      new ResumingReader(via, story.id, 'polling', { agent: agentFrom(address) as never }),
    ]);
    await Promise.all(readers.map((r) => r.ready));
    expect(await Promise.all(servers.map(readersOn))).toEqual(Array(PROCESSES).fill(3));

    // 3. Presence sums across the four: each process, asked through nginx from its own address.
    const presenceOnEach = () =>
      Promise.all(
        addresses.map(async (address) => {
          const r = await fetchFrom(address)(`${nginx!.url}/api/stories/${story.id}/presence`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return ((await r.json()) as { readers: number }).readers;
        }),
      );
    await eventually('every process counts all 12 readers', async () =>
      (await presenceOnEach()).every((n) => n === readers.length),
    );

    // 4. Writers on all four, each retrying an unanswered write with its Idempotency-Key.
    const writers = addresses.map(
      (address, i) => new RetryingWriter(via, token, story.id, `w${i + 1}`, 20, fetchFrom(address)),
    );
    writers.forEach((w) => w.start());
    await Promise.all(writers.map((w) => w.until(5)));
    for (const s of servers) expect(await entriesPostedOn(s)).toBeGreaterThanOrEqual(5);
    const progress = async (n: number) => Promise.all(writers.map((w) => w.until(w.acked.length + n, 60_000)));

    // 5. A rolling restart of all four, one by one, under that load, as deploy/README.md says:
    // SIGTERM, wait for the exit, start again, let nginx take it back, then the next.
    for (const i of oneTo(PROCESSES).map((n) => n - 1)) {
      const old = servers[i];
      const exited = new Promise<number | null>((r) => old.proc.once('exit', (code) => r(code)));
      old.proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      servers[i] = await startServer({
        storage: { databaseUrl: old.env.DATABASE_URL },
        port: old.port,
        env: env(i),
        readyWithinMs: 90_000,
      });
      await sleep(FAIL_TIMEOUT_MS);
      await progress(2);
    }

    // 6. kill -9 one of them: its readers and writers move to the other three.
    const victim = 2;
    await servers[victim].kill();
    await progress(5);
    await eventually('the three survivors count all 12 readers, the dead one no longer', async () => {
      const counts = await Promise.all(servers.filter((_, i) => i !== victim).map(readersOn));
      const presence = await presenceOnEach();
      return counts.reduce((a, b) => a + b, 0) === readers.length && presence.every((n) => n === readers.length);
    });

    await Promise.all(writers.map((w) => w.stop()));
    const acked = writers.flatMap((w) => w.acked);
    const { events, seq } = await eventLog(nginx.url, story.id);
    expect(seq).toBe(acked.length);
    expect(events.map((e) => e.seq)).toEqual(oneTo(seq));
    expect((await publishedEntries(nginx.url, story.id)).map((e) => e.id).sort()).toEqual(
      acked.map((a) => a.id).sort(),
    );
    // Each writer's entries landed in the order it wrote them.
    for (const w of writers) {
      const order = events.filter((e) => e.entry && w.acked.some((a) => a.id === e.entry!.id)).map((e) => e.entry!.id);
      expect(order).toEqual(w.acked.map((a) => a.id));
    }
    await Promise.all(readers.map((r) => r.until(seq, 30_000)));
    for (const r of readers) {
      expectExactly(r, seq);
      expect(r.sessions).toBeGreaterThanOrEqual(2);
    }

    // 7. The traffic went through the pool.
    if (pool) {
      const xacts = ((await poolStats(pool)).get(database)?.xacts ?? 0) - xactsAtStart;
      expect(xacts).toBeGreaterThan(seq);
      console.log(
        `four processes: ${seq} events, ${xacts} transactions through pgbouncer, writer retries ${JSON.stringify(writers.map((w) => [...w.failures]))}`,
      );
    }
  }, 600_000);
});
