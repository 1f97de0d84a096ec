import fc from 'fast-check';
import {
  CONTENT_TYPES,
  HEADER_NAMES,
  headerValue,
  jsonBody,
  queryString,
  rawBody,
  segment,
} from './support/arbitraries';
import { fuzzParams, fuzzTarget, type FuzzTarget } from './support/fuzz-server';

interface Route {
  method: string;
  path: string;
}

// Routes outside the OpenAPI document: pages, feeds, assets, the newsroom app, probes.
const PAGE_ROUTES: Route[] = [
  '/stories/{slug}',
  '/embed/{slug}',
  '/stories/{slug}/feed.atom',
  '/stories/{slug}/feed.rss',
  '/stories/{slug}/feed.json',
  '/newsroom',
  '/newsroom/{any}',
  '/newsroom/assets/{file}',
  '/widget.js',
  '/reader.js',
  '/reader.css',
  '/embed-host.js',
  '/metrics',
  '/health',
  '/{any}',
].map((path) => ({ method: 'GET', path }));

// The admin's own session would end, and the rest of the run would only test 401s.
const SKIP_AUTHED = new Set(['POST /api/auth/logout']);

describe('HTTP API under arbitrary input', () => {
  let t: FuzzTarget;
  let routes: Route[];
  const seen = new Map<number, number>();
  // 2xx answers from API handlers (not pages or assets): the run must reach real handlers.
  let apiOk = 0;
  let skipped = 0;

  beforeAll(async () => {
    t = await fuzzTarget();
    const doc = (await (await fetch(`${t.server.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = [
      ...Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
      ),
      ...PAGE_ROUTES,
      { method: 'PUT', path: '/api/stories/{ref}' },
      { method: 'OPTIONS', path: '/api/stories' },
    ];
  });
  afterAll(async () => {
    await t?.server.stop();
    // What the run hit, for the log: a run that only ever saw 404s would prove little.
    console.log(
      `HTTP fuzz statuses: ${JSON.stringify(Object.fromEntries([...seen].sort()))}; 2xx from API handlers ${apiOk}; not sent ${skipped}`,
    );
  });

  // Real ids for some parameters, so requests reach the handlers and not only the 404 path.
  const param = fc.oneof(
    { weight: 3, arbitrary: fc.constant('REAL') },
    { weight: 1, arbitrary: fc.constant('SLUG') },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: segment },
  );

  const request = fc.record({
    route: fc.nat(),
    params: fc.array(param, { minLength: 3, maxLength: 3 }),
    query: queryString,
    body: fc.option(
      fc.oneof({ weight: 4, arbitrary: jsonBody.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: rawBody }),
      { nil: undefined },
    ),
    contentType: fc.oneof(
      { weight: 5, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    headers: fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 3 }),
    authed: fc.boolean(),
  });

  type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

  async function send(req: Request): Promise<{ status: number; text: string; where: string } | null> {
    const route = routes[req.route % routes.length];
    // Not sent, and not counted as an answer either.
    if (req.authed && SKIP_AUTHED.has(`${route.method} ${route.path}`)) return null;
    let i = 0;
    const path = route.path.replace(/\{(\w+)\}/g, (_m: string, name: string) => {
      const p = req.params[i++ % req.params.length];
      if (p === 'REAL') return name === 'id' ? t.entry.id : t.story.id;
      return p === 'SLUG' ? t.story.slug : p;
    });
    const headers: Record<string, string> = { ...req.headers };
    if (req.authed) headers.authorization = `Bearer ${t.token}`;
    const withBody = req.body !== undefined && !['GET', 'HEAD'].includes(route.method);
    if (withBody && req.contentType) headers['content-type'] = req.contentType;
    const where = `${route.method} ${path}${req.query}${withBody ? ` ${headers['content-type'] ?? ''} ${req.body!.slice(0, 300)}` : ''}`;
    const logFrom = t.server.output().length;
    const r = await fetch(`${t.server.url}${path}${req.query}`, {
      method: route.method,
      headers,
      body: withBody ? req.body : undefined,
      redirect: 'manual',
    });
    const text = await r.text();
    // A 5xx comes with the server's own account of it.
    return {
      status: r.status,
      text: r.status >= 500 ? `${text.slice(0, 300)}\n${t.server.output().slice(logFrom, logFrom + 3000)}` : text,
      where,
    };
  }

  it('never answers 5xx, and API errors always have the contract JSON shape', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const answer = await send(req);
        if (!answer) {
          skipped++;
          return;
        }
        const { status, text, where } = answer;
        seen.set(status, (seen.get(status) ?? 0) + 1);
        if (status >= 200 && status < 300 && where.startsWith('/api', where.indexOf(' ') + 1)) apiOk++;
        // oEmbed's own rule: a format other than json is 501 Not Implemented.
        if (status === 501 && where.startsWith('GET /oembed')) return;
        if (status >= 500) throw new Error(`${status} from ${where}: ${text}`);
        if (status >= 400 && where.startsWith('/api', where.indexOf(' ') + 1)) {
          const body = JSON.parse(text);
          expect(body).toMatchObject({ statusCode: status, error: expect.any(String) });
          expect(body.message).toBeDefined();
        }
      }),
      fuzzParams(600),
    );
    // The run reached handlers, not only routing errors.
    expect(apiOk).toBeGreaterThan(10);
    expect(skipped).toBeLessThan(60);
    expect(seen.get(400) ?? 0).toBeGreaterThan(10);
    // And the server is still well.
    expect((await fetch(`${t.server.url}/health`)).status).toBe(200);
  });
});
