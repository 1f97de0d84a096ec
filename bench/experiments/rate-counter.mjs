// What a database-counted limit costs per request: the RateCounter statement against a plain
// `SELECT 1` round trip on the same connection, on PostgreSQL and on PGlite. Run after
// `npm run build`: node bench/experiments/rate-counter.mjs [postgres://…]
// (default: the machine's PostgreSQL; a scratch database is created and dropped).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { RateCounter } = require('../../dist/libs/core/src/limits/rate-counter.js');
const pg = require('pg');
const { PGlite } = require('@electric-sql/pglite');

const N = Number(process.env.N ?? 3000);
const TABLE =
  'CREATE UNLOGGED TABLE rate_counters (key text NOT NULL, window_no bigint NOT NULL, hits integer NOT NULL, PRIMARY KEY (key, window_no))';

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { mean: (s.reduce((a, b) => a + b, 0) / s.length) * 1000, p50: at(0.5) * 1000, p99: at(0.99) * 1000 };
}

async function measure(name, query) {
  const counter = new RateCounter({ query });
  const time = async (fn) => {
    const out = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await fn(i);
      out.push(performance.now() - t);
    }
    return out;
  };
  // Warm-up, then alternate so both see the same machine load.
  await time(() => query('SELECT 1'));
  await time((i) => counter.hit([`writes:user:${i % 50}`]));
  const rows = [];
  for (let round = 0; round < 2; round++) {
    rows.push(['SELECT 1', stats(await time(() => query('SELECT 1')))]);
    rows.push(['hit, 50 users', stats(await time((i) => counter.hit([`writes:user:${i % 50}`])))]);
    rows.push(['hit, one hot key', stats(await time(() => counter.hit(['writes:user:hot'])))]);
    rows.push([
      'peek 3 keys (sign-in)',
      stats(await time((i) => counter.peek([`a${i % 50}`, `b${i % 50}`, `c${i % 50}`]))),
    ]);
  }
  for (const [what, s] of rows)
    console.log(
      `${name.padEnd(10)} ${what.padEnd(24)} mean ${s.mean.toFixed(0).padStart(5)} µs  p50 ${s.p50.toFixed(0).padStart(5)} µs  p99 ${s.p99.toFixed(0).padStart(6)} µs`,
    );
}

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const db = `rate_bench_${process.pid}`;
await admin.query(`CREATE DATABASE ${db}`);
try {
  const u = new URL(url);
  u.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  await client.query(TABLE);
  await measure('postgres', async (sql, params) => (await client.query(sql, params)).rows);
  await client.end();
} finally {
  await admin.query(`DROP DATABASE ${db}`);
  await admin.end();
}

const lite = new PGlite();
await lite.query(TABLE);
await measure('pglite', async (sql, params) => (await lite.query(sql, params)).rows);
await lite.close();
