#!/usr/bin/env node
// Readers across four processes: how many this machine sustains, and the delivery p99 at each
// step. Not part of `npm test` nor of `npm run bench`: `npm run build && node bench/scale-out.mjs`.
//
//   BENCH_STEPS=5000,10000,20000  total readers after each step (spread evenly over the processes)
//   BENCH_PROCESSES=4             server processes on one PostgreSQL
//   BENCH_EVENTS=3                measured events per step (after one warm-up event)
//   BENCH_PG_URL                  the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
//                                 a fresh database liveline_scale_<ts> is created there and dropped after
//   BENCH_POOL_URL                optional: the same server through PgBouncer (host:port only are used),
//                                 so DATABASE_URL is pooled and DATABASE_DIRECT_URL direct
//
// Readers are bench/lib/loadgen.mjs clients (raw ws, Engine.IO by hand) connected straight to
// each process, as behind a balancer that spreads them evenly; each event is POSTed by the load
// generator to one process (in turn), and its latency is from just before the POST to the frame's
// arrival at each reader, over every reader of every measured event. Results:
// bench/results/scale-out.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Proc, waitHttp } from './lib/procs.mjs';
import { entryBody } from './lib/content.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const STEPS = (process.env.BENCH_STEPS ?? '5000,10000,20000').split(',').map(Number);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 4);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 3);
const PG_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN = { email: 'bench@liveline.test', password: 'bench-password-1' };
const LOCAL_ADDRESSES = Array.from({ length: 60 }, (_, i) => `127.0.0.${i + 2}`);
const logs = join(root, '.tmp', 'scale-out');
mkdirSync(logs, { recursive: true });
const log = (...a) => console.log(`[scale-out ${new Date().toISOString().slice(11, 19)}]`, ...a);
const procs = new Set();

const freePort = () =>
  new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });

async function api(base, method, path, { token, body } = {}) {
  const headers = {
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(body ? { 'content-type': 'application/json' } : {}),
  };
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

function metric(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

async function main() {
  const stamp = Date.now();
  const dbName = `liveline_scale_${stamp}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const direct = new URL(PG_URL);
  direct.pathname = `/${dbName}`;
  const pooled = new URL(direct);
  if (process.env.BENCH_POOL_URL) {
    const pool = new URL(process.env.BENCH_POOL_URL);
    pooled.hostname = pool.hostname;
    pooled.port = pool.port;
  }
  const results = {
    date: new Date().toISOString(),
    processes: PROCESSES,
    pooled: !!process.env.BENCH_POOL_URL,
    cores: cpus().length,
    loadAvgAtStart: loadavg(),
    steps: [],
  };
  const lg = new Proc('loadgen', ['--max-old-space-size=4096', join(root, 'bench/lib/loadgen.mjs')], {
    ipc: true,
    log: join(logs, 'loadgen.log'),
  });
  procs.add(lg);
  try {
    const servers = [];
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      const env = {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        MAX_SOCKETS_PER_IP: '1000000',
        WRITES_PER_MINUTE: '1000000',
        DATABASE_URL: pooled.toString(),
        DATABASE_DIRECT_URL: direct.toString(),
        INSTANCE_ID: `p${i + 1}`,
      };
      // Started as `npm start` starts it (bin/liveline and its process settings).
      const proc = new Proc(`service-${i + 1}`, [], {
        command: join(root, 'bin/liveline'),
        env: { ...env, NODE: process.execPath },
        log: join(logs, `service-${i + 1}.log`),
        cwd: root,
      });
      procs.add(proc);
      proc.url = `http://127.0.0.1:${port}`;
      servers.push(proc);
    }
    await Promise.all(servers.map((s) => waitHttp(`${s.url}/health`, s, { timeoutMs: 300_000 })));
    log(`${PROCESSES} processes up`);
    const { token } = await api(servers[0].url, 'POST', '/api/auth/login', { body: ADMIN });
    const story = await api(servers[0].url, 'POST', '/api/stories', {
      token,
      body: { title: 'Scale-out benchmark', language: 'en', status: 'live' },
    });
    for (let i = 0; i < 10; i++)
      await api(servers[0].url, 'POST', `/api/stories/${story.id}/entries`, {
        token,
        body: { headline: `Update ${i + 1}`, body: entryBody(i) },
      });
    const body = JSON.stringify({ headline: 'Update __BT__', body: entryBody(999) });
    let connected = 0;
    let turn = 0;
    for (const total of STEPS) {
      const t0 = Date.now();
      const each = Math.ceil((total - connected) / PROCESSES);
      const joined = await Promise.all(
        servers.map((s) =>
          lg.call('connect', {
            url: s.url,
            n: each,
            story: story.id,
            concurrency: 250,
            localAddresses: LOCAL_ADDRESSES,
            timeoutMs: 300_000,
          }),
        ),
      );
      const acked = joined.reduce((n, r) => n + r.acked, 0);
      connected += acked;
      log(`${connected} readers (${acked} of ${each * PROCESSES} new ones subscribed in ${Date.now() - t0} ms)`);
      const trigger = () => {
        const s = servers[turn++ % servers.length];
        return lg.call('trigger', {
          url: `${s.url}/api/stories/${story.id}/entries`,
          headers: { authorization: `Bearer ${token}` },
          body,
          expect: connected,
          timeoutMs: 60_000,
          keepTimes: true,
        });
      };
      await trigger();
      const times = [];
      const events = [];
      for (let i = 0; i < EVENTS; i++) {
        const r = await trigger();
        times.push(...r.times);
        events.push({
          status: r.status,
          received: r.received,
          postMs: Math.round(r.postMs),
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
        });
      }
      times.sort((a, b) => a - b);
      const q = (p) => Math.round(times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]);
      const perProcess = await Promise.all(
        servers.map(async (s) => {
          const text = await (await fetch(`${s.url}/metrics`)).text();
          return {
            readers: metric(text, 'liveline_live_readers'),
            rssMB: Math.round(s.rssKB() / 1024),
            cpuS: Math.round(s.cpuMs() / 100) / 10,
          };
        }),
      );
      // Readers the processes hold (a reader that subscribed may have been dropped since, e.g. a ping timeout).
      const held = perProcess.reduce((n, p) => n + p.readers, 0);
      const step = {
        readers: connected,
        held,
        failedToConnect: each * PROCESSES - acked,
        events,
        allReceived: events.every((e) => e.received >= held),
        p50: q(0.5),
        p99: q(0.99),
        max: Math.round(times.at(-1)),
        perProcess,
        loadAvg: loadavg().map((x) => Math.round(x * 10) / 10),
      };
      results.steps.push(step);
      log(
        `${connected} readers: delivery p50 ${step.p50} ms, p99 ${step.p99} ms, max ${step.max} ms; every reader got every event: ${step.allReceived}; load ${step.loadAvg.join(' ')}`,
      );
      log(`  per process: ${perProcess.map((p) => `${p.readers} readers ${p.rssMB} MB`).join('; ')}`);
      // Sustained: every subscribed reader got every event, and nearly every new one could subscribe.
      if (!step.allReceived || acked < 0.98 * each * PROCESSES) break;
    }
    await lg.call('disconnect');
  } finally {
    for (const p of [...procs]) await p.stop('SIGTERM', 10_000);
    await admin
      .query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      .catch((e) => log(`could not drop ${dbName}: ${e.message}`));
    await admin.end();
  }
  results.loadAvgAtEnd = loadavg();
  results.commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).stdout?.toString().trim();
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/scale-out.json'), JSON.stringify(results, null, 2) + '\n');
  log('written to bench/results/scale-out.json');
}

process.on('SIGINT', () => {
  for (const p of [...procs]) p.child.kill('SIGKILL');
  process.exit(130);
});

main().catch((e) => {
  console.error(e);
  for (const p of [...procs]) p.child.kill('SIGKILL');
  process.exit(1);
});
