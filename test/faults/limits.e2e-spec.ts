import { io, type Socket } from 'socket.io-client';
import { login, startServer, type RunningServer } from '../support/server';
import { cleanUpAfterAll } from './support/teardown';

const WRITES = 10;

const connect = (url: string) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(`${url}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });

// The wait comes as Retry-After, or (the per-account sign-in limit) as `retryAfter` in the body.
const expectContract429 = async (r: Response) => {
  expect(r.status).toBe(429);
  const body = await r.json();
  expect(body).toMatchObject({
    statusCode: 429,
    error: 'Too Many Requests',
    code: 'rate_limited',
    message: expect.any(String),
  });
  const retry = Number(r.headers.get('retry-after') ?? body.retryAfter);
  expect(retry).toBeGreaterThanOrEqual(1);
  expect(retry).toBeLessThanOrEqual(60);
};

describe('limits', () => {
  let server: RunningServer;
  let token: string;
  cleanUpAfterAll(() => [server]);

  beforeAll(async () => {
    server = await startServer({
      env: {
        WRITES_PER_MINUTE: String(WRITES),
        LOGIN_ATTEMPTS_PER_MINUTE: '2',
        MAX_SOCKETS_PER_IP: '3',
        MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
        BODY_LIMIT_BYTES: '4096',
      },
    });
    token = await login(server.url);
  });

  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('rate-limits writes under /api per client with the contract 429 and Retry-After; reads stay open', async () => {
    const stories: { id: string }[] = [];
    for (let i = 0; i < 3; i++)
      stories.push(await (await send('POST', '/api/stories', { title: `Limits ${i}`, status: 'live' })).json());
    // Entries, edits and deletes draw on the same budget as stories.
    const entry = await (await send('POST', `/api/stories/${stories[0].id}/entries`, { body: '<p>x</p>' })).json();
    expect(
      (await send('PATCH', `/api/stories/${stories[0].id}/entries/${entry.id}`, { body: '<p>y</p>' })).status,
    ).toBe(200);
    expect((await send('DELETE', `/api/stories/${stories[0].id}/entries/${entry.id}`)).status).toBe(204);
    let ok = 6;
    for (;;) {
      const r = await send('POST', `/api/stories/${stories[1].id}/entries`, { body: '<p>z</p>' });
      if (r.status !== 201) {
        await expectContract429(r);
        break;
      }
      ok++;
    }
    expect(ok).toBe(WRITES);
    expect((await fetch(`${server.url}/api/stories/${stories[1].id}/entries`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/stories/${stories[1].id}/events?since=0`)).status).toBe(200);
  });

  it('caps body size (413) and page sizes (400) with the contract body', async () => {
    const big = await send('POST', '/api/stories', { title: 'x', summary: 'y'.repeat(8000) });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    for (const path of [
      '/api/stories/x/entries?limit=101',
      '/api/stories/x/events?limit=1001',
      '/api/stories/x/entries?limit=0',
    ]) {
      const r = await fetch(`${server.url}${path}`);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
    }
  });

  it('caps sockets per address and subscriptions per socket', async () => {
    const sockets = await Promise.all([connect(server.url), connect(server.url), connect(server.url)]);
    await expect(connect(server.url)).rejects.toMatchObject({ data: { code: 'rate_limited' } });
    sockets.pop()!.close();
    await new Promise((r) => setTimeout(r, 200));
    sockets.push(await connect(server.url));
    const stories = (await (await fetch(`${server.url}/api/stories`)).json()).items.map((s: { id: string }) => s.id);
    const acks = [];
    for (const id of stories.slice(0, 3))
      acks.push(await sockets[0].timeout(5000).emitWithAck('subscribe', { story: id }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, false]);
    expect(acks[2].error.code).toBe('too_many_subscriptions');
    sockets.forEach((s) => s.close());
  });

  it('rate-limits sign-in: per account after LOGIN_ATTEMPTS_PER_MINUTE failures, and per address across accounts', async () => {
    const attempt = (email: string, password = 'wrong-password') =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    expect((await attempt('admin@liveline.test')).status).toBe(401);
    expect((await attempt('admin@liveline.test')).status).toBe(401);
    await expectContract429(await attempt('admin@liveline.test'));
    // Spraying other accounts from this address: the address budget (10 × 2 a minute) runs out.
    let statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(`nobody${i}@liveline.test`)).status);
    statuses = [...new Set(statuses)];
    expect(statuses).toEqual([401, 429]);
    await expectContract429(await attempt('someone@liveline.test'));
  });
});
