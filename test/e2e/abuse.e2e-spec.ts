import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { ADMIN, freshStorage, login, startServer, type RunningServer } from '../support/server';

const MAIN = resolve(__dirname, '../../dist/apps/server/src/main.js');
import { client, makeEntry, makeStory, makeUser, type Client } from '../support/api';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123';
// Room for the admin's own setup writes in this file, few enough to spend in a loop.
const WRITES = 40;

/** A GET with a Host header of our choosing (fetch does not let us set one). */
function getWithHost(
  port: number,
  path: string,
  host: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Connects a socket; resolves with it, or rejects with the refusal. */
function connect(base: string, nsp: '/live' | '/newsroom', token?: string): Promise<Socket> {
  const socket = io(`${base}${nsp}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
  return new Promise((done, fail) => {
    socket.once('connect', () => done(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      fail(e);
    });
  });
}

describe('abuse resistance: budgets per principal, bounded input, strict edges', () => {
  let server: RunningServer;
  let anon: Client;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer({
      env: {
        WRITES_PER_MINUTE: String(WRITES),
        LOGIN_ATTEMPTS_PER_MINUTE: '3',
        NEWSROOM_SOCKETS_PER_IP: '4',
        METRICS_TOKEN,
      },
    });
    anon = client(server.url);
    admin = anon.as(await login(server.url));
  }, 180_000);
  afterAll(() => server.stop());

  it('counts signed-in writes per user and anonymous ones per address, each in its own budget', async () => {
    const { api: busy } = await makeUser(admin, 'editor');
    const { api: colleague } = await makeUser(admin, 'editor');
    const busyStatuses: number[] = [];
    for (let i = 0; i < WRITES + 2; i++)
      busyStatuses.push((await busy.post('/api/stories', { title: `busy ${i}` })).status);
    expect(busyStatuses).toEqual([...Array(WRITES).fill(201), 429, 429]);
    // A flood of made-up tokens from the same address spends the anonymous budget only.
    const anonStatuses = new Set<number>();
    for (let i = 0; i < WRITES + 5; i++)
      anonStatuses.add((await anon.as(`made-up-${i}`).post('/api/stories', { title: 'x' })).status);
    expect([...anonStatuses]).toEqual([401, 429]);
    expect((await colleague.post('/api/stories', { title: 'still writing' })).status).toBe(201);
  });

  it("limits failed sign-ins per account without locking the address's other accounts out", async () => {
    const typo = await makeUser(admin, 'editor', { password: 'typo-prone-pass' });
    const other = await makeUser(admin, 'editor', { password: 'careful-password' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await anon.post('/api/auth/login', { email: typo.user.email, password: 'typo-prone-pas' })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await anon.post('/api/auth/login', { email: typo.user.email, password: 'typo-prone-pass' })).status).toBe(
      429,
    );
    expect((await anon.post('/api/auth/login', { email: other.user.email, password: 'careful-password' })).status).toBe(
      200,
    );
  });

  it('releases the slot of every refused handshake: bad tokens in a loop never lock an address out', async () => {
    const refusals = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await connect(server.url, '/newsroom', `stale-token-${i}`).then(
        (s) => (s.close(), refusals.add('connected?!')),
        (e: Error & { data?: { code?: string } }) => refusals.add(e.data?.code ?? e.message),
      );
    }
    expect([...refusals]).toEqual(['unauthenticated']);
    const token = await login(server.url);
    const sockets = [];
    for (let i = 0; i < 4; i++) sockets.push(await connect(server.url, '/newsroom', token));
    // The newsroom stays strict: the fifth from this address is refused, and a closed one frees its slot.
    await expect(connect(server.url, '/newsroom', token)).rejects.toMatchObject({ data: { code: 'rate_limited' } });
    const freed = sockets.pop()!;
    const gone = new Promise((r) => freed.once('disconnect', r));
    freed.close();
    await gone;
    let again: Socket | undefined;
    for (let i = 0; i < 50 && !again; i++)
      again = await connect(server.url, '/newsroom', token).catch(
        () => new Promise<undefined>((r) => setTimeout(r, 100)),
      );
    expect(again?.connected).toBe(true);
    const reader = await connect(server.url, '/live');
    expect(reader.connected).toBe(true);
    [...sockets, again!, reader].forEach((s) => s.close());
  });

  it('refuses a body of 80,000 unknown keys at once, with a short answer', async () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [`k${i}`, 1])));
    expect(body.length).toBeLessThan(1024 * 1024);
    const r = await anon.post('/api/auth/login', body);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body).length).toBeLessThan(2000);
    // The first unknown property of an otherwise valid body is enough, and named.
    const one = await anon.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password, role: 'admin' });
    expect(one.status).toBe(400);
    expect(JSON.stringify(one.body.message)).toContain('role');
  });

  it('refuses over-wide and over-deep JSON, and names at most a few fields', async () => {
    const wide = await admin.post('/api/stories', { title: 'x', summary: Array.from({ length: 10_001 }, () => 0) });
    expect(wide.status).toBe(400);
    expect(wide.body.message).toMatch(/10000 keys/);
    const deep = await admin.post('/api/stories', '{"title":' + '['.repeat(40) + ']'.repeat(40) + '}');
    expect(deep.status).toBe(400);
    const many = await admin.post('/api/users', { email: 1, name: 2, password: 3, role: 4 });
    expect(many.status).toBe(400);
    expect(many.body.message.length).toBeLessThanOrEqual(11);
  });

  it('keeps pinning and key events to editors on POST, and approving a submission unpins nothing', async () => {
    const story = await makeStory(admin);
    const pinned = await makeEntry(admin, story.id, { pinned: true });
    const { api: contributor } = await makeUser(admin, 'contributor');
    for (const field of [{ pinned: true }, { keyEvent: true }]) {
      const r = await contributor.post(`/api/stories/${story.id}/entries`, { body: '<p>من الميدان</p>', ...field });
      expect(r.status).toBe(403);
    }
    const sub = await makeEntry(contributor, story.id);
    expect(sub.status).toBe('submitted');
    const approved = await admin.patch(`/api/stories/${story.id}/entries/${sub.id}`, { status: 'published' });
    expect(approved.status).toBe(200);
    const after = await admin.get(`/api/stories/${story.id}/entries/${pinned.id}`);
    expect(after.body.pinned).toBe(true);
  });

  it('uses the Host header only when it is allowed, and says Vary: Host', async () => {
    const story = await makeStory(admin, { status: 'live' });
    const forged = await getWithHost(server.port, `/stories/${story.slug}`, 'evil.example');
    expect(forged.status).toBe(200);
    expect(forged.body).not.toContain('evil.example');
    expect(forged.body).toContain(`http://localhost:${server.port}/stories/${story.slug}`);
    expect(String(forged.headers.vary)).toMatch(/host/i);
    const sneaky = await getWithHost(server.port, `/stories/${story.slug}/feed.atom`, `localhost:@evil.example`);
    expect(sneaky.body).not.toContain('evil.example');
    const local = await getWithHost(server.port, `/stories/${story.slug}`, `127.0.0.1:${server.port}`);
    expect(local.body).toContain(`http://127.0.0.1:${server.port}/stories/${story.slug}`);
    const oembed = await getWithHost(
      server.port,
      `/oembed?url=${encodeURIComponent(`http://localhost:${server.port}/stories/${story.slug}`)}`,
      'evil.example',
    );
    expect(oembed.status).toBe(200);
    expect(oembed.body).not.toContain('evil.example');
    expect(String(oembed.headers.vary)).toMatch(/host/i);
  });

  it('answers /oembed?format=xml with a quiet 501', async () => {
    const story = await makeStory(admin, { status: 'live' });
    const r = await fetch(
      `${server.url}/oembed?format=xml&url=${encodeURIComponent(`${server.url}/stories/${story.slug}`)}`,
    );
    expect(r.status).toBe(501);
    // Something logged after it proves the log is flowing, and it holds no stack for the 501.
    await fetch(`${server.url}/oembed?format=xml&url=x`);
    expect(server.output()).not.toMatch(/NotImplementedException|Only format=json/);
  });

  it('keeps /metrics to holders of METRICS_TOKEN, with no CORS header', async () => {
    const open = await fetch(`${server.url}/metrics`, { headers: { origin: 'https://elsewhere.example' } });
    expect(open.status).toBe(401);
    const scraped = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}`, origin: 'https://elsewhere.example' },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('# TYPE');
    expect(scraped.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('shows e-mail addresses in the audit trail to admins only', async () => {
    const { user } = await makeUser(admin, 'contributor');
    const { api: editor } = await makeUser(admin, 'editor');
    const asEditor = await editor.get(`/api/audit?targetType=user&targetId=${user.id}`);
    expect(asEditor.status).toBe(200);
    expect(asEditor.body.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(asEditor.body)).not.toContain(user.email);
    const asAdmin = await admin.get(`/api/audit?targetType=user&targetId=${user.id}`);
    expect(JSON.stringify(asAdmin.body)).toContain(user.email);
  });

  it('exits non-zero with one clear line when it cannot listen', async () => {
    const storage = await freshStorage();
    // Its own database, direct URL included: the first server's DATABASE_DIRECT_URL must not leak in.
    const env = {
      ...server.env,
      DATA_DIR: storage.dataDir ?? '',
      DATABASE_URL: storage.databaseUrl ?? '',
      DATABASE_DIRECT_URL: storage.directUrl ?? storage.databaseUrl ?? '',
    };
    const second = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    second.stdout.on('data', (d) => (out += d));
    second.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((done) => second.once('exit', done));
    expect(code).toBe(1);
    const lines = out
      .trim()
      .split('\n')
      .filter((l) => /listen/i.test(l));
    expect(lines).toEqual([`Cannot listen on 127.0.0.1:${server.port}: the address is already in use`]);
    expect(out).not.toMatch(/Unhandled rejection/);
  });
});

describe('2,000 readers behind one address on default settings', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(() => server.stop());

  it('subscribes all of them from 127.0.0.1 and delivers an event to each', async () => {
    const admin = client(server.url, await login(server.url));
    const story = await makeStory(admin, { status: 'live' });
    const readers: Socket[] = [];
    const acks: { ok: boolean }[] = [];
    try {
      for (let batch = 0; batch < 10; batch++) {
        const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(server.url, '/live')));
        readers.push(...sockets);
        acks.push(
          ...(await Promise.all(sockets.map((s) => s.timeout(20_000).emitWithAck('subscribe', { story: story.id })))),
        );
      }
      expect(acks.filter((a) => a.ok).length).toBe(2000);
      const got = readers.map(
        (s) => new Promise<number>((done) => s.once('event', (e: { seq: number }) => done(e.seq))),
      );
      await makeEntry(admin, story.id);
      const seqs = await Promise.all(got);
      expect(new Set(seqs).size).toBe(1);
    } finally {
      readers.forEach((s) => s.close());
    }
  }, 240_000);
});
