// Preloaded (node -r) into the service under benchmark and into the floors; touches no
// service code. Over the IPC channel it answers:
//   {cmd: 'queries'} → {queries: {[statement]: count}, times: {[statement]: ms}}: the SQL statements sent so far, on
//                      PGlite and PostgreSQL alike (for the catch-up storm's query count);
//                      without IPC, SIGUSR2 writes them to BENCH_QUERIES_FILE
//   {cmd: 'gc'}      → {rssKB, heapUsedKB}: after two full collections (needs --expose-gc),
//                      so that an RSS delta counts live memory rather than garbage
//   {cmd: 'profile', file} / {cmd: 'profile', stop: true}: a CPU profile of just a window
'use strict';
const { readFileSync } = require('node:fs');
const counts = new Map();
// Wall time (ms) from each outer call to its settling, per statement: time in the driver and the database.
const times = new Map();
let depth = 0;
const keyOf = (sql, params) => {
  const text = String(typeof sql === 'object' && sql ? sql.text : sql)
    .replace(/\s+/g, ' ')
    .trim();
  // Notifications differ by channel only, which is a parameter.
  const channel = /pg_notify/i.test(text) && Array.isArray(params) ? ` [${params[0]}]` : '';
  return text.slice(0, 140) + channel;
};

function wrap(proto, name) {
  const original = proto?.[name];
  if (typeof original !== 'function') return;
  proto[name] = function (sql, params, ...rest) {
    // PGlite's query may call exec internally (and the reverse): count the outer call only.
    const key = depth === 0 ? keyOf(sql, Array.isArray(params) ? params : sql?.values) : undefined;
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    depth++;
    try {
      const t0 = key !== undefined ? process.hrtime.bigint() : 0n;
      const out = original.call(this, sql, params, ...rest);
      if (key !== undefined && typeof out?.then === 'function') {
        const done = () => times.set(key, (times.get(key) ?? 0) + Number(process.hrtime.bigint() - t0) / 1e6);
        out.then(done, done);
      }
      return out;
    } finally {
      depth--;
    }
  };
}

if (process.env.BENCH_COUNT_QUERIES === '1') {
  try {
    wrap(require('pg').Client.prototype, 'query');
  } catch {}
  try {
    const { PGlite } = require('@electric-sql/pglite');
    wrap(PGlite.prototype, 'query');
    wrap(PGlite.prototype, 'exec');
  } catch {}
}

let session;
let profileFile;
function profile(msg) {
  const inspector = require('node:inspector');
  if (!msg.stop) {
    profileFile = msg.file;
    session = new inspector.Session();
    session.connect();
    // BENCH_PROFILE_INTERVAL_US: a finer sampling interval than the inspector's 1 ms, to follow one request.
    const interval = Number(process.env.BENCH_PROFILE_INTERVAL_US) || 0;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', interval ? { interval } : { interval: 1000 }, () =>
        session.post('Profiler.start', () => process.send({ profile: 'started' })),
      ),
    );
    return;
  }
  session.post('Profiler.stop', (err, res) => {
    if (!err) require('node:fs').writeFileSync(profileFile, JSON.stringify(res.profile));
    session.disconnect();
    process.send({ profile: err ? String(err) : profileFile });
  });
}

// Without an IPC channel (a test's server): SIGUSR2 writes the counts to BENCH_QUERIES_FILE.
if (process.env.BENCH_QUERIES_FILE) {
  process.on('SIGUSR2', () =>
    require('node:fs').writeFileSync(process.env.BENCH_QUERIES_FILE, JSON.stringify(Object.fromEntries(counts))),
  );
}

if (process.send) {
  process.on('message', (msg) => {
    if (msg?.cmd === 'queries') process.send({ queries: Object.fromEntries(counts), times: Object.fromEntries(times) });
    if (msg?.cmd === 'profile') profile(msg);
    if (msg?.cmd === 'gc') {
      if (global.gc) {
        global.gc();
        global.gc();
      }
      const rss = Number(readFileSync('/proc/self/status', 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
      process.send({
        gc: { rssKB: rss, heapUsedKB: Math.round(process.memoryUsage().heapUsed / 1024), collected: !!global.gc },
      });
    }
  });
  // The IPC channel must not keep the process alive on its own.
  process.channel?.unref?.();
}
