import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usingPostgres } from '../support/database';
import { login, startServer, type RunningServer } from '../support/server';

// What a publish costs the database, counted by the benchmark's probe (every statement the
// service sends, PGlite and pg alike): the transaction is BEGIN, the story lock, one statement
// for the entry, its revision, its event, both notifications and the audit record, and COMMIT;
// the request around it adds, on PostgreSQL, the write-rate counter once per chunk of the user's
// budget (PGlite counts in the process: one process per DATA_DIR). The token is looked up once,
// then answered from the session cache.
const PROBE = resolve(__dirname, '../../bench/lib/probe.cjs');
// Timer-driven polls (scheduler, presence, webhook sweep), not the publish's. The presence beat
// is a transaction of its own, marked by its SET LOCAL: its BEGIN and COMMIT are taken off too.
const BACKGROUND = /liveline_presence|WITH added AS \( INSERT INTO webhook_cursors|scheduled_at|synchronous_commit/i;
const PRESENCE_TX = 'SET LOCAL synchronous_commit = off';

describe('the cost of a publish', () => {
  let server: RunningServer;
  const file = join(mkdtempSync(join(tmpdir(), 'liveline-queries-')), 'queries.json');

  beforeAll(async () => {
    server = await startServer({
      env: { NODE_OPTIONS: `-r ${PROBE}`, BENCH_COUNT_QUERIES: '1', BENCH_QUERIES_FILE: file },
    });
  });
  afterAll(() => server?.kill());

  const counts = async (): Promise<Record<string, number>> => {
    server.proc.kill('SIGUSR2');
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
      } catch {
        // not written yet
      }
    }
    throw new Error('the probe wrote no counts');
  };

  it('is four round trips in its transaction and for the whole POST, with the write counter (PostgreSQL) once per 6 writes', async () => {
    const token = await login(server.url);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const story = (await (
      await fetch(`${server.url}/api/stories`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: 'Cost', status: 'live' }),
      })
    ).json()) as { id: string };
    const post = async (i: number) => {
      const r = await fetch(`${server.url}/api/stories/${story.id}/entries`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ headline: `Update ${i}`, body: `<p>Update ${i}</p>` }),
      });
      expect(r.status).toBe(201);
    };
    for (let i = 0; i < 3; i++) await post(i);
    const before = await counts();
    const n = 20;
    for (let i = 0; i < n; i++) await post(i);
    const after = await counts();
    const delta = (sql: string) => (after[sql] ?? 0) - (before[sql] ?? 0);
    const perPost: Record<string, number> = {};
    for (const sql of Object.keys(after)) {
      const tx = /^(START TRANSACTION|BEGIN|COMMIT)$/.test(sql) ? delta(PRESENCE_TX) : 0;
      const d = delta(sql) - tx;
      if (d > 0 && !BACKGROUND.test(sql)) perPost[sql] = d / n;
    }
    const round = (x: number) => Math.round(x * 100) / 100;
    const total = round(Object.values(perPost).reduce((a, b) => a + b, 0));
    const transaction = round(
      Object.entries(perPost)
        .filter(([sql]) =>
          /^(START TRANSACTION|BEGIN|COMMIT|WITH w0 AS|SELECT "id" AS "id", "slug" AS "slug")/.test(sql),
        )
        .reduce((a, [, c]) => a + c, 0),
    );
    const counter = round(
      Object.entries(perPost)
        .filter(([sql]) => /INSERT INTO rate_counters/.test(sql))
        .reduce((a, [, c]) => a + c, 0),
    );
    expect({ transaction, perPost }).toEqual(expect.objectContaining({ transaction: 4 }));
    // The transaction, and nothing else every time: the token was looked up by the first posts.
    expect({ others: round(total - counter), perPost }).toEqual(expect.objectContaining({ others: 4 }));
    const lookups = Object.entries(perPost).filter(([sql]) => /FROM "sessions"/.test(sql));
    expect(lookups).toEqual([]);
    if (usingPostgres()) {
      // The write budget is reserved 1% at a time: at the default 600 a minute, once per 6 writes.
      expect(counter).toBeGreaterThan(0);
      expect(counter).toBeLessThanOrEqual(round(Math.ceil(n / 6) / n));
    } else {
      // The embedded process is the only one writing: its budget is counted in its memory.
      expect(counter).toBe(0);
    }
  });
});
