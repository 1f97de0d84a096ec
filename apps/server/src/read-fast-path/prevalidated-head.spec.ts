import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { writeHeadPrevalidated } from './prevalidated-head';

const FLAT = [
  'Content-Security-Policy',
  "default-src 'none';script-src 'nonce-AbC+/9=='",
  'Cache-Control',
  'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400',
  'X-Request-Id',
  'e8adb9a4-c94a-4b11-929e-a561b778ab9b',
  'Surrogate-Key',
  'story-2bb6cf50',
  'Content-Type',
  'application/json; charset=utf-8',
  'Content-Length',
  '2',
  'ETag',
  '"31ae-k/0tVArkqZiLjbYnpA83uGrLWnI"',
];
const LOWER = FLAT.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());

/** The raw head a server answering with `write` sends, Date taken out. */
async function rawHead(write: (res: ServerResponse) => void, method = 'GET'): Promise<string> {
  const server = createServer((_req, res) => write(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`${method} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  await new Promise((r) => server.close(r));
  return text.replace(/\r\nDate: [^\r]*/, '');
}

describe('writeHeadPrevalidated', () => {
  it('puts on the wire exactly what the checked writeHead does, 200 and 304, GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD'])
      for (const status of [200, 304]) {
        const checked = await rawHead(
          (res) => res.writeHead(status, FLAT).end(status === 200 ? '{}' : undefined),
          method,
        );
        const prevalidated = await rawHead((res) => {
          writeHeadPrevalidated(res, status, FLAT, LOWER);
          res.end(status === 200 ? '{}' : undefined);
        }, method);
        expect(prevalidated).toBe(checked);
        expect(prevalidated).toContain('\r\nX-Request-Id: e8adb9a4-c94a-4b11-929e-a561b778ab9b\r\n');
      }
  });

  it('leaves the headers readable as the response own, as after setHeader', async () => {
    let seen: unknown;
    await rawHead((res) => {
      writeHeadPrevalidated(res, 200, FLAT, LOWER);
      seen = res.getHeader('etag');
      res.end('{}');
    });
    expect(seen).toBe('"31ae-k/0tVArkqZiLjbYnpA83uGrLWnI"');
  });

  it("takes Node's unchecked path: a value the checked writeHead refuses goes through", async () => {
    let refused = false;
    let passed = false;
    await rawHead((res) => {
      try {
        res.writeHead(200, ['X-Bad', 'a\u0001b']);
      } catch {
        refused = true;
      }
      writeHeadPrevalidated(res, 200, ['X-Bad', 'a\u0001b'], ['x-bad']);
      passed = true;
      res.end();
    });
    expect({ refused, passed }).toEqual({ refused: true, passed: true });
  });

  it('falls back to the checked writeHead when the response already holds a header', async () => {
    const head = await rawHead((res) => {
      res.setHeader('X-Early', '1');
      writeHeadPrevalidated(res, 200, FLAT, LOWER);
      res.end('{}');
    });
    expect(head).toContain('\r\nX-Early: 1\r\n');
    expect(head).toContain('\r\nETag: "31ae-k/0tVArkqZiLjbYnpA83uGrLWnI"\r\n');
  });
});
