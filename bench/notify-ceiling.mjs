#!/usr/bin/env node
// How many NOTIFY-carrying commits per second this machine's PostgreSQL takes, beside the same
// commits without NOTIFY. PostgreSQL serializes the commits of transactions that NOTIFY (one
// database-wide lock from pre-commit to the end of the commit, WAL flush included), so this is
// the ceiling of Liveline's publish rate over all stories together: one NOTIFY per public event.
// Not part of `npm test` nor `npm run bench`: `node bench/notify-ceiling.mjs`.
//
//   BENCH_PG_URL      default postgres://postgres@127.0.0.1:5432/postgres (a fresh database is
//                     created there and dropped after)
//   BENCH_CLIENTS=16  concurrent writers;  BENCH_SECONDS=5  per measurement
import pg from 'pg';

const PG_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// About one event notice: the event JSON rides in the payload (up to 7,900 bytes; 1–2 KB typical).
const PAYLOAD = JSON.stringify({
  storyId: '00000000-0000-4000-8000-000000000000',
  seq: 1,
  event: { type: 'entry.created', body: 'x'.repeat(1500) },
});

async function measure(db, label, { notify, asyncCommit = false }) {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new pg.Client({ connectionString: db });
      await c.connect();
      return c;
    }),
  );
  const listener = new pg.Client({ connectionString: db });
  await listener.connect();
  let heard = 0;
  listener.on('notification', () => heard++);
  await listener.query('LISTEN liveline_bench');
  let commits = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (c, i) => {
      while (Date.now() < until) {
        await c.query('BEGIN');
        // Presence beats: nothing to keep, so no wait for the WAL flush while holding the lock.
        if (asyncCommit) await c.query('SET LOCAL synchronous_commit = off');
        // A row per commit, as a publish writes its event row.
        await c.query('UPDATE counters SET n = n + 1 WHERE id = $1', [i]);
        if (notify) await c.query('SELECT pg_notify($1, $2)', ['liveline_bench', PAYLOAD]);
        await c.query('COMMIT');
        commits++;
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  await Promise.all([...clients, listener].map((c) => c.end()));
  const perSecond = Math.round(commits / SECONDS);
  console.log(
    `${label}: ${perSecond} commits/s with ${CLIENTS} writers${notify ? `, ${heard} of ${commits} notices heard by one listener` : ''}`,
  );
  return perSecond;
}

const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
const name = `liveline_notify_${Date.now()}`;
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(PG_URL);
url.pathname = `/${name}`;
try {
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  const settings = await setup.query(
    "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'commit_delay', 'wal_sync_method')",
  );
  console.log(
    `PostgreSQL ${(await setup.query('SHOW server_version')).rows[0].server_version}: ${settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ')}`,
  );
  await setup.query('CREATE TABLE counters (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)');
  await setup.query('INSERT INTO counters (id) SELECT generate_series(0, $1::int - 1)', [CLIENTS]);
  await setup.end();
  const plain = await measure(url.toString(), 'commits without NOTIFY', { notify: false });
  const notified = await measure(url.toString(), 'commits with one NOTIFY each', { notify: true });
  const unflushed = await measure(url.toString(), 'commits with one NOTIFY each, synchronous_commit off', {
    notify: true,
    asyncCommit: true,
  });
  console.log(
    `NOTIFY ceiling here: ${notified} commits/s (${Math.round((100 * notified) / plain)}% of the same commits without NOTIFY); ${unflushed}/s without the flush wait`,
  );
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
