#!/usr/bin/env node
// Media benchmark (issue 13), on its own: `npm run build && node bench/media.mjs`.
//   1. upload-to-201 of a 12 MP phone photo (4000x3000 JPEG with noise, ~5 MB)
//   2. renditions served, req/s, against a bare node:http server answering the same bytes
//   3. live fan-out p99 (socket.io readers) with and without uploads being processed
// MEDIA_BENCH_QUICK=1: fewer readers, rounds and seconds (the shared machine).
// Results: bench/results/media-latest.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { io } from 'socket.io-client';
import { stats } from './lib/stats.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const QUICK = process.env.MEDIA_BENCH_QUICK === '1';
const cfg = QUICK
  ? { uploads: 2, readSeconds: 3, readers: 100, events: 30 }
  : { uploads: 5, readSeconds: 10, readers: 500, events: 100 };
const ADMIN = { email: 'bench@liveline.test', password: 'bench-password-123' };

const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });

async function startService() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'liveline-media-bench-'));
  const child = spawn(process.execPath, [join(root, 'dist/apps/server/src/main.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WRITES_PER_MINUTE: '100000',
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // starting
    }
    await sleep(100);
  }
  const token = (
    await (
      await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      })
    ).json()
  ).token;
  return { url, token, stop: () => (child.kill('SIGTERM'), rmSync(dataDir, { recursive: true, force: true })) };
}

const photo = (seed) =>
  sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: { r: seed % 255, g: 90, b: 140 },
      noise: { type: 'gaussian', mean: 120, sigma: 40 },
    },
  })
    .jpeg({ quality: 88 })
    .toBuffer();

async function upload(svc, bytes) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }), 'phone.jpg');
  form.append('alt', 'bench');
  const t0 = performance.now();
  const r = await fetch(`${svc.url}/api/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${svc.token}` },
    body: form,
  });
  const body = await r.json();
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, media: body };
}

const rps = (url, seconds) =>
  new Promise((done, fail) =>
    autocannon({ url, connections: 20, duration: seconds }, (err, r) =>
      err ? fail(err) : done(Math.round(r.requests.average)),
    ),
  );

async function fanout(svc, withUploads, photos) {
  const story = await (
    await fetch(`${svc.url}/api/stories`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bench', slug: `bench-${Date.now()}`, language: 'en', status: 'live' }),
    })
  ).json();
  const sent = new Map();
  const lat = [];
  const sockets = [];
  for (let i = 0; i < cfg.readers; i++) {
    const s = io(`${svc.url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.on('event', (e) => {
      const m = /bench-(\d+)/.exec(e.entry?.body ?? '');
      if (m && sent.has(Number(m[1]))) lat.push(performance.now() - sent.get(Number(m[1])));
    });
    sockets.push(s);
  }
  await Promise.all(sockets.map((s) => s.timeout(20000).emitWithAck('subscribe', { story: story.id })));
  let uploading = withUploads;
  const uploader = (async () => {
    let i = 0;
    while (uploading) await upload(svc, photos[i++ % photos.length]).catch(() => undefined);
  })();
  for (let i = 0; i < cfg.events; i++) {
    sent.set(i, performance.now());
    await fetch(`${svc.url}/api/stories/${story.id}/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${svc.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `<p>bench-${i}</p>`, status: 'published' }),
    });
    await sleep(100);
  }
  await sleep(2000);
  uploading = false;
  await uploader;
  sockets.forEach((s) => s.close());
  return { ...stats(lat), expected: cfg.events * cfg.readers };
}

const svc = await startService();
const result = {
  at: new Date().toISOString(),
  quick: QUICK,
  cpus: cpus().length,
  loadavg: loadavg().map((x) => Math.round(x * 10) / 10),
};
try {
  const photos = [await photo(1), await photo(2), await photo(3)];
  result.photoBytes = photos[0].length;
  const times = [];
  let media;
  for (let i = 0; i < cfg.uploads; i++) {
    // Distinct bytes each time: the same bytes again would return the stored item at once.
    const r = await upload(svc, await photo(100 + i));
    times.push(r.ms);
    media = r.media;
  }
  result.uploadTo201Ms = stats(times);
  const rendition = media.renditions.find((r) => r.type === 'image/webp' && r.width === 1024);
  const bytes = Buffer.from(await (await fetch(rendition.url)).arrayBuffer());
  const bare = createServer((req, res) => {
    res.writeHead(200, {
      'content-type': 'image/webp',
      'content-length': bytes.length,
      'cache-control': 'public, max-age=31536000, immutable',
      etag: '"x"',
    });
    res.end(bytes);
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  result.renditionBytes = bytes.length;
  result.renditionRps = await rps(rendition.url, cfg.readSeconds);
  result.bareRps = await rps(`http://127.0.0.1:${bare.address().port}/x.webp`, cfg.readSeconds);
  result.renditionRatio = Math.round((result.renditionRps / result.bareRps) * 100) / 100;
  bare.close();
  result.fanoutIdleMs = await fanout(svc, false, photos);
  result.fanoutUploadingMs = await fanout(svc, true, photos);
  result.fanoutP99Ratio = Math.round((result.fanoutUploadingMs.p99 / result.fanoutIdleMs.p99) * 100) / 100;
} finally {
  svc.stop();
}
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/media-latest.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
process.exit(0);
