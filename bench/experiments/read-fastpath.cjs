// EXPERIMENT, not the product: what the read path gains when hot anonymous GETs (the reader
// page, the first page of entries) are answered from bytes cached in front of Express and
// Nest, dropped on any live event. Same app otherwise (createApp from the bench build).
//   BENCH_MAIN=bench/experiments/read-fastpath.cjs BENCH_ONLY=read npm run bench
// Known gaps before it could ship: one cached X-Request-Id for all hits, invalidation lags a
// write by the NOTIFY round trip (read-your-writes), no per-story keying, HEAD not handled.
const path = require('node:path');
const dist = path.resolve(__dirname, '../../.tmp/bench-dist/dist');
const { createApp } = require(path.join(dist, 'apps/server/src/main.js'));
const { loadEnv } = require(path.join(dist, 'libs/core/src'));
const { StoryFeeds } = require(path.join(dist, 'libs/live/src'));

const CACHEABLE = /^\/(stories\/[a-z0-9-]+|api\/stories\/[a-z0-9-]+\/entries)$/;
const SKIP = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);
(async () => {
  const env = loadEnv();
  const app = await createApp(env);
  await app.listen(env.PORT, env.HOST);
  const cache = new Map();
  app.get(StoryFeeds).onEvent(() => cache.clear());
  const server = app.getHttpServer();
  const [inner] = server.listeners('request');
  server.removeAllListeners('request');
  const base = `http://127.0.0.1:${env.PORT}`;
  server.on('request', (req, res) => {
    if (req.method !== 'GET' || req.headers.authorization || req.headers['x-bypass'] || !CACHEABLE.test(req.url))
      return inner(req, res);
    const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const key = `${gz ? 'gz' : 'id'} ${req.url}`;
    const hit = cache.get(key);
    if (hit) {
      if (hit.etag && req.headers['if-none-match'] === hit.etag) return res.writeHead(304, hit.headers).end();
      return res.writeHead(200, hit.headers).end(hit.body);
    }
    inner(req, res);
    // Fill from a request through the full stack (headers exactly as it sends them).
    fetch(base + req.url, {
      headers: { 'x-bypass': '1', 'accept-encoding': gz ? 'gzip' : 'identity' },
      decompress: false,
    })
      .then(async (r) => {
        if (r.status !== 200) return;
        const body = Buffer.from(await r.arrayBuffer());
        const headers = {};
        r.headers.forEach((v, k) => {
          if (!SKIP.has(k) && k !== 'content-encoding') headers[k] = v;
        });
        if (r.headers.get('content-encoding')) headers['content-encoding'] = r.headers.get('content-encoding');
        headers['content-length'] = String(body.length);
        cache.set(key, { headers, body, etag: r.headers.get('etag') });
      })
      .catch(() => undefined);
  });
})();
