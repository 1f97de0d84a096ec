import { io } from 'socket.io-client';
import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, makeUser, type Client } from '../support/api';

const WRITES = 30;
const LOGINS = 3;
const CONNECTS = 200;

const connects = (base: string) =>
  new Promise<boolean>((done) => {
    const s = io(`${base}/live`, { transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => (s.close(), done(true)));
    s.once('connect_error', () => (s.close(), done(false)));
  });

// Limits are counted in PostgreSQL (rate_counters), so two processes spend one budget.
describe('limits across two processes on one PostgreSQL', () => {
  let a: RunningServer;
  let b: RunningServer;
  let onA: Client;

  beforeAll(async () => {
    const storage = await freshStorage();
    const env = {
      WRITES_PER_MINUTE: String(WRITES),
      LOGIN_ATTEMPTS_PER_MINUTE: String(LOGINS),
      SOCKET_CONNECTS_PER_MINUTE: String(CONNECTS),
    };
    a = await startServer({ storage, env });
    b = await startServer({ storage, env });
    onA = client(a.url, await login(a.url));
  }, 240_000);
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  it("accepts about WRITES_PER_MINUTE of one user's 60 writes spread over both processes", async () => {
    const { token } = await makeUser(onA, 'editor');
    const apis = [client(a.url, token), client(b.url, token)];
    const statuses: number[] = [];
    const started = Date.now();
    // Six writers at once, alternating processes.
    await Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 10; i++)
          statuses.push((await apis[(w + i) % 2].post('/api/stories', { title: `w${w}-${i}` })).status);
      }),
    );
    const accepted = statuses.filter((s) => s === 201).length;
    const fade = Math.ceil((WRITES * (Date.now() - started)) / 60_000);
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    // The sliding minute lets a little through as the last window's weight fades.
    expect(accepted).toBeGreaterThanOrEqual(WRITES - 1);
    expect(accepted).toBeLessThanOrEqual(WRITES + fade + 2);
  });

  it("closes a disabled user's newsroom socket on the other process at once", async () => {
    const { user, token } = await makeUser(onA, 'editor');
    const socket = io(`${b.url}/newsroom`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
    await new Promise<void>((done, fail) => (socket.once('connect', () => done()), socket.once('connect_error', fail)));
    const closed = new Promise<string>((done) =>
      socket.once('session.ended', (m: { reason: string }) => done(m.reason)),
    );
    expect((await onA.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect(await closed).toBe('disabled');
    socket.close();
  });

  it('counts failed sign-ins of one account on both processes together', async () => {
    const { user } = await makeUser(onA, 'contributor', { password: 'the-right-one' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await client([a.url, b.url][i % 2]).post('/api/auth/login', { email: user.email, password: 'a-wrong-one' }))
          .status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it('admits about SOCKET_CONNECTS_PER_MINUTE connections from one address across both processes', async () => {
    const results: boolean[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 3; batch++)
      results.push(...(await Promise.all(Array.from({ length: 100 }, (_, i) => connects([a.url, b.url][i % 2])))));
    const admitted = results.filter(Boolean).length;
    // Each process may hold one reserved chunk (CONNECTS / 100 = 2) it does not spend; and the
    // minute slides: while the test runs, that share of the last window's count fades out.
    const fade = Math.ceil((CONNECTS * (Date.now() - started)) / 60_000);
    expect(admitted).toBeGreaterThanOrEqual(CONNECTS - 2 * 2 - 2);
    expect(admitted).toBeLessThanOrEqual(CONNECTS + fade + 2);
  });
});
