import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';

// The guarded client (libs/outbound, built) against a trap server on loopback that must never
// be reached, except by the one allowPrivate canary at the end that proves the trap was listening.

interface Outcome {
  ok: boolean;
  code?: string;
  status?: number;
  truncated?: boolean;
  length?: number;
  url?: string;
  body?: string;
  message?: string;
}

const PROBE = resolve(__dirname, '../support/outbound-probe.cjs');

function probe(input: Record<string, unknown>): Promise<Outcome[]> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [PROBE, JSON.stringify(input)], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`probe failed: ${err.message}\n${stderr}`));
      else done(JSON.parse(stdout) as Outcome[]);
    });
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done((server.address() as { port: number }).port));
  });
}

const trapHits: string[] = [];
const trap = (req: IncomingMessage, res: ServerResponse) => {
  trapHits.push(`${req.socket.localAddress} ${req.url}`);
  res.end('trapped');
};
const servers: Server[] = [];
let port = 0;
let base = '';

// The redirector stands in for a public site: it listens on 127.0.0.2 and the probe's address
// policy counts exactly that address as public. The trap owns 127.0.0.1 and ::1 on the same port.
const redirector = (req: IncomingMessage, res: ServerResponse) => {
  const go = (to: string) => res.writeHead(302, { location: to }).end();
  const path = req.url ?? '/';
  if (path === '/to-literal') return go(`http://127.0.0.1:${port}/from-redirect`);
  if (path === '/to-decimal') return go(`http://2130706433:${port}/from-redirect`);
  if (path === '/to-octal') return go(`http://0177.0.0.1:${port}/from-redirect`);
  if (path === '/to-localhost') return go(`http://localhost:${port}/from-redirect`);
  if (path === '/to-sub-localhost') return go(`http://trap.localhost:${port}/from-redirect`);
  if (path === '/to-v6') return go(`http://[::1]:${port}/from-redirect`);
  if (path === '/to-mapped') return go(`http://[::ffff:127.0.0.1]:${port}/from-redirect`);
  if (path === '/to-rebind') return go(`http://rebind.example:${port}/from-redirect`);
  if (path === '/to-metadata') return go('http://169.254.169.254/latest/meta-data/');
  if (path === '/to-other-host') return go(`http://other.example:${port}/final`);
  if (path === '/hop1') return go('/hop2');
  if (path === '/hop2') return go('/final');
  if (path === '/final') return res.end('final');
  if (path === '/loop') return go('/loop');
  if (path === '/big') return res.end(Buffer.alloc(256 * 1024, 0x61));
  if (path === '/slow') return; // never answers
  res.writeHead(404).end();
};

beforeAll(async () => {
  for (let attempt = 0; attempt < 20 && !port; attempt++) {
    const v4 = createServer(trap);
    const candidate = await listen(v4, 0, '127.0.0.1');
    const v6 = createServer(trap);
    const front = createServer(redirector);
    try {
      await listen(front, candidate, '127.0.0.2');
    } catch {
      [v4, front].forEach((s) => s.listening && s.close());
      continue;
    }
    // Containers without IPv6 have no ::1; the IPv6 URLs are then refused all the same.
    const hasV6 = await listen(v6, candidate, '::1').then(
      () => true,
      () => false,
    );
    servers.push(v4, front, ...(hasV6 ? [v6] : []));
    port = candidate;
  }
  if (!port) throw new Error('no port free on 127.0.0.1, ::1 and 127.0.0.2 at once');
  base = `http://redirector.example:${port}`;
});

afterAll(async () => {
  servers.forEach((s) => s.closeAllConnections());
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

const dns = () => ({
  answers: {
    'redirector.example': [{ address: '127.0.0.2', family: 4 }],
    'other.example': [{ address: '127.0.0.2', family: 4 }],
    'rebind.example': [{ address: '127.0.0.1', family: 4 }],
    'rebind6.example': [{ address: '::1', family: 6 }],
    'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
    'half.example': [
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
  },
  // Public at the check, loopback on the next lookup: the classic rebinding attack.
  flip: { 'flip.example': [[{ address: '127.0.0.2', family: 4 }], [{ address: '127.0.0.1', family: 4 }]] },
  publicToo: ['127.0.0.2'],
});

describe('outbound guard against a local trap server', () => {
  it('refuses every loopback form of the trap URL, literal or by name, and never connects', async () => {
    const urls = [
      `http://127.0.0.1:${port}/`,
      `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://0x7f.0.0.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://127.1:${port}/`,
      `http://017700000001:${port}/`,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://[::ffff:7f00:1]:${port}/`,
      `http://[0:0:0:0:0:0:0:1]:${port}/`,
      `http://localhost:${port}/`,
      `http://LocalHost.:${port}/`,
      `http://trap.localhost:${port}/`,
      `http://rebind.example:${port}/`,
      `http://rebind6.example:${port}/`,
      `http://mapped.example:${port}/`,
      `http://half.example:${port}/`,
    ];
    const out = await probe({ ...dns(), calls: urls.flatMap((url) => [{ assert: url }, { request: { url } }]) });
    out.forEach((o, i) =>
      expect({ call: i, url: urls[Math.floor(i / 2)], code: o.code }).toEqual({
        call: i,
        url: urls[Math.floor(i / 2)],
        code: 'outbound_blocked_address',
      }),
    );
    expect(trapHits).toEqual([]);
  });

  it('re-checks every redirect hop and never follows one to the trap', async () => {
    const paths = [
      '/to-literal',
      '/to-decimal',
      '/to-octal',
      '/to-localhost',
      '/to-sub-localhost',
      '/to-v6',
      '/to-mapped',
      '/to-rebind',
      '/to-metadata',
    ];
    const out = await probe({ ...dns(), calls: paths.map((p) => ({ request: { url: base + p, maxRedirects: 3 } })) });
    out.forEach((o, i) => expect([paths[i], o.code]).toEqual([paths[i], 'outbound_blocked_address']));
    expect(trapHits).toEqual([]);
  });

  it('follows redirects only when allowed, within the cap, and every hop must pass allowHost and httpsOnly', async () => {
    const out = await probe({
      ...dns(),
      calls: [
        { request: { url: `${base}/to-literal` } }, // maxRedirects 0: the 302 itself comes back
        { request: { url: `${base}/hop1`, maxRedirects: 2 } },
        { request: { url: `${base}/hop1`, maxRedirects: 1 } },
        { request: { url: `${base}/loop`, maxRedirects: 5 } },
        { request: { url: `${base}/to-other-host`, maxRedirects: 3, allowHosts: ['redirector.example'] } },
        { request: { url: `${base}/final`, httpsOnly: true } },
      ],
    });
    expect(out[0]).toMatchObject({ ok: true, status: 302 });
    expect(out[1]).toMatchObject({ ok: true, status: 200, body: 'final', url: `${base}/final` });
    expect(out[2]).toMatchObject({ ok: false, code: 'outbound_too_many_redirects' });
    expect(out[3]).toMatchObject({ ok: false, code: 'outbound_too_many_redirects' });
    expect(out[4]).toMatchObject({ ok: false, code: 'outbound_host_not_allowed' });
    expect(out[5]).toMatchObject({ ok: false, code: 'outbound_not_https' });
    expect(trapHits).toEqual([]);
  });

  it('connects to the address it checked, so a name that rebinds to loopback never reaches the trap', async () => {
    // Each request resolves exactly once; whichever answer it gets decides where it connects.
    const calls = Array.from({ length: 6 }, () => ({ request: { url: `http://flip.example:${port}/final` } }));
    const out = await probe({ ...dns(), calls });
    expect(out.filter((o) => o.ok).every((o) => o.body === 'final')).toBe(true);
    expect(out.filter((o) => !o.ok).every((o) => o.code === 'outbound_blocked_address')).toBe(true);
    expect(out.filter((o) => o.ok)).toHaveLength(3);
    expect(trapHits).toEqual([]);
  });

  it('caps the body and the time', async () => {
    const out = await probe({
      ...dns(),
      calls: [
        { request: { url: `${base}/big`, maxResponseBytes: 1000 } },
        { request: { url: `${base}/big` } },
        { request: { url: `${base}/slow`, timeoutMs: 300 } },
        { request: { url: 'https://nowhere.example/' } },
      ],
    });
    expect(out[0]).toMatchObject({ ok: true, status: 200, truncated: true, length: 1000 });
    expect(out[1]).toMatchObject({ ok: true, truncated: false, length: 256 * 1024 });
    expect(out[2]).toMatchObject({ ok: false, code: 'outbound_timeout' });
    expect(out[3]).toMatchObject({ ok: false, code: 'outbound_connect_failed' });
  });

  it('reaches a private address only with allowPrivate, which proves the trap was listening all along', async () => {
    const out = await probe({
      ...dns(),
      calls: [{ request: { url: `http://127.0.0.1:${port}/canary`, allowPrivate: true } }],
    });
    expect(out[0]).toMatchObject({ ok: true, status: 200, body: 'trapped' });
    expect(trapHits).toEqual([`127.0.0.1 /canary`]);
  });
});
