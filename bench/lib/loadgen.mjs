// The one load generator for every target: raw `ws` clients that speak Engine.IO v4 /
// socket.io v5 by hand, so the client costs the same against the service and its floors.
// Driven by the runner over IPC: {id, cmd, ...args} → {id, ok, result | error}.
//
// An event frame carries a marker `BT=<n>;` (in the entry headline, or in the floors' copy of
// the same event). `trigger` sends the publishing request itself and notes when, so delivery
// latency is measured on one clock: this process's performance.now().
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { stats } from './stats.mjs';

const clients = new Set();
const sent = new Map(); // marker → t0 (ms)
const arrivals = new Map(); // marker → { times: Float64Array, count, waiters }
let markerSeq = 0;
const MARK = Buffer.from('BT=');

// A storm acks thousands of readers with the same body: parse each distinct body once, so the
// load generator stays cheaper than the servers it measures (a 10-event ack is ~10 KB of JSON).
const ackShapes = new Map();
function ackShape(frame) {
  const body = frame.slice(frame.indexOf('['));
  let shape = ackShapes.get(body);
  if (!shape) {
    const ack = JSON.parse(body)[0];
    shape = {
      ok: ack.ok,
      seq: ack.seq,
      events: ack.events?.length ?? null,
      last: ack.events?.at(-1)?.seq ?? null,
      resync: !!ack.resync,
      error: ack.error?.code,
    };
    if (ackShapes.size > 1000) ackShapes.clear();
    ackShapes.set(body, shape);
  }
  return shape;
}

function arrivalsOf(marker, n = 0) {
  let a = arrivals.get(marker);
  if (!a) arrivals.set(marker, (a = { times: new Float64Array(Math.max(n, 16)), count: 0, waiters: [] }));
  return a;
}

function onEventFrame(buf, at) {
  const i = buf.indexOf(MARK);
  if (i < 0) return;
  const end = buf.indexOf(59 /* ; */, i + 3);
  const marker = Number(buf.toString('latin1', i + 3, end));
  const a = arrivalsOf(marker);
  if (a.count >= a.times.length) {
    const grown = new Float64Array(a.times.length * 2);
    grown.set(a.times);
    a.times = grown;
  }
  a.times[a.count++] = at;
  for (const w of a.waiters) w.check();
}

/** One client: open → connect /live → subscribe with an ack id → events and pings. */
function openClient({ url, story, since, subscribe = true, localAddress, onAck, onFail }) {
  const ws = new WebSocket(`${url}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
    localAddress,
    handshakeTimeout: 30_000,
  });
  const c = { ws, acked: false, ack: null };
  clients.add(c);
  let failed = false;
  const fail = (why) => {
    if (failed || c.acked) return;
    failed = true;
    onFail(why);
  };
  ws.on('message', (data) => {
    const at = performance.now();
    const b0 = data[0];
    if (b0 === 52 /* 4 */) {
      const b1 = data[1];
      if (b1 === 50 /* 2: event */) return onEventFrame(data, at);
      const s = data.toString();
      if (b1 === 48 /* 0: namespace connected */) {
        if (!subscribe) {
          c.acked = true;
          c.ack = { ok: true, seq: null, events: null, last: null };
          return onAck(c, at);
        }
        const sub = since === undefined ? { story } : { story, since };
        ws.send(`42/live,1["subscribe",${JSON.stringify(sub)}]`);
      } else if (b1 === 51 /* 3: ack */) {
        if (c.onSubscribeAck) return c.onSubscribeAck(s, at);
        c.acked = true;
        c.ack = ackShape(s);
        onAck(c, at);
      } else if (b1 === 52 /* 4: connect error */) fail(`connect_error ${s}`);
    } else if (b0 === 50 /* 2: ping */) ws.send('3');
    else if (b0 === 48 /* 0: open */) ws.send('40/live,');
  });
  ws.on('error', (e) => fail(e.message));
  ws.on('close', () => {
    clients.delete(c);
    fail('closed');
  });
  return c;
}

/**
 * Opens n clients, `concurrency` handshakes in flight at a time (Infinity: all at once, a
 * storm), and resolves when every one is acked or failed. Times are from the first open.
 */
function connect({
  url,
  n,
  story,
  since,
  subscribe = true,
  concurrency = 500,
  localAddresses = ['127.0.0.1'],
  timeoutMs = 120_000,
}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let started = 0;
    let acked = 0;
    let failed = 0;
    let inFlight = 0;
    let lastAck = t0;
    const acks = [];
    const errors = new Map();
    const ackTimes = new Float64Array(n);
    const timer = setTimeout(() => finish(true), timeoutMs);
    const finish = (timedOut = false) => {
      clearTimeout(timer);
      const seqs = new Map();
      for (const a of acks) {
        const k = `${a.ok ? 'ok' : 'err:' + a.error} seq=${a.seq} events=${a.events} last=${a.last}${a.resync ? ' resync' : ''}`;
        seqs.set(k, (seqs.get(k) ?? 0) + 1);
      }
      resolve({
        n,
        acked,
        failed,
        timedOut,
        ms: lastAck - t0,
        ackMs: stats(ackTimes.subarray(0, acked).map((t) => t - t0)),
        acks: Object.fromEntries(seqs),
        errors: Object.fromEntries(errors),
      });
    };
    const done = () => {
      if (acked + failed === n) finish();
      else pump();
    };
    const pump = () => {
      while (started < n && inFlight < concurrency) {
        const i = started++;
        inFlight++;
        openClient({
          url,
          story,
          since,
          subscribe,
          localAddress: localAddresses[i % localAddresses.length],
          onAck: (c, at) => {
            inFlight--;
            ackTimes[acked++] = at;
            lastAck = Math.max(lastAck, at);
            acks.push(c.ack);
            done();
          },
          onFail: (why) => {
            inFlight--;
            failed++;
            errors.set(why, (errors.get(why) ?? 0) + 1);
            done();
          },
        });
      }
    };
    pump();
  });
}

/**
 * Every open client (connected with subscribe: false) subscribes in the same tick; resolves
 * when all are acked, with the time from the first send and the acks' shapes.
 */
function subscribeAll({ story, since, timeoutMs = 120_000 }) {
  return new Promise((resolve) => {
    const all = [...clients].filter((c) => c.ws.readyState === WebSocket.OPEN);
    const sub = JSON.stringify(since === undefined ? { story } : { story, since });
    const shapes = new Map();
    let acked = 0;
    let last = 0;
    const finish = (timedOut) => {
      clearTimeout(timer);
      resolve({ n: all.length, acked, timedOut, ms: last - t0, acks: Object.fromEntries(shapes) });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    const t0 = performance.now();
    for (const c of all) {
      c.onSubscribeAck = (s, at) => {
        const ack = ackShape(s);
        const k = `${ack.ok ? 'ok' : 'err:' + ack.error} seq=${ack.seq} events=${ack.events} last=${ack.last}${ack.resync ? ' resync' : ''}`;
        shapes.set(k, (shapes.get(k) ?? 0) + 1);
        c.onSubscribeAck = null;
        last = Math.max(last, at);
        if (++acked === all.length) finish(false);
      };
      c.ws.send(`42/live,1["subscribe",${sub}]`);
    }
    if (!all.length) finish(false);
  });
}

/** Drops every client at once, as a network cut would, and waits for the sockets to close. */
async function disconnect() {
  const all = [...clients];
  await Promise.all(
    all.map(
      (c) =>
        new Promise((r) => {
          if (c.ws.readyState === WebSocket.CLOSED) return r();
          c.ws.once('close', r);
          c.ws.terminate();
        }),
    ),
  );
  clients.clear();
  return { closed: all.length };
}

/**
 * Sends the publishing request with a fresh marker and resolves when `expect` clients got the
 * event (or at the timeout) with per-reader latencies from just before the request.
 */
async function trigger({ url, headers = {}, body, expect, timeoutMs = 30_000, keepTimes = false }) {
  const marker = ++markerSeq;
  const payload = body.replaceAll('__BT__', `BT=${marker};`);
  const a = arrivalsOf(marker, expect);
  const t0 = performance.now();
  sent.set(marker, t0);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  const tResp = performance.now();
  await res.arrayBuffer();
  const status = res.status;
  await new Promise((resolve) => {
    const w = {
      check() {
        if (a.count >= expect) {
          clearTimeout(timer);
          a.waiters.splice(a.waiters.indexOf(w), 1);
          resolve();
        }
      },
    };
    const timer = setTimeout(() => {
      a.waiters.splice(a.waiters.indexOf(w), 1);
      resolve();
    }, timeoutMs);
    a.waiters.push(w);
    w.check();
  });
  const lat = Float64Array.from(a.times.subarray(0, a.count), (t) => t - t0);
  arrivals.delete(marker);
  sent.delete(marker);
  return {
    status,
    postMs: tResp - t0,
    received: lat.length,
    expect,
    latency: stats(lat),
    ...(keepTimes ? { times: Array.from(lat) } : {}),
  };
}

/** Plain sequential requests (POST→status), for publish latency without readers. */
async function requests({ url, headers = {}, body, count, method = 'POST' }) {
  const times = new Float64Array(count);
  const statuses = {};
  for (let i = 0; i < count; i++) {
    const marker = ++markerSeq;
    const t0 = performance.now();
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body?.replaceAll('__BT__', `BT=${marker};`),
    });
    await res.arrayBuffer();
    times[i] = performance.now() - t0;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return { statuses, latency: stats(times) };
}

const commands = {
  connect,
  subscribeAll,
  disconnect,
  trigger,
  requests,
  usage: async () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss, clients: clients.size }),
};

process.on('message', async (msg) => {
  try {
    const result = await commands[msg.cmd](msg.args ?? {});
    process.send({ id: msg.id, ok: true, result });
  } catch (e) {
    process.send({ id: msg.id, ok: false, error: e.stack ?? String(e) });
  }
});
process.on('disconnect', () => process.exit(0));
