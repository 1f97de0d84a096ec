import { io, type Socket } from 'socket.io-client';
import { ADMIN, login, startServer, type RunningServer } from '../support/server';
import { client, makeUser, type Client } from '../support/api';

/** A signed-in /newsroom socket, connected. */
async function newsroomSocket(base: string, token: string): Promise<Socket> {
  const socket = io(`${base}/newsroom`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { token },
  });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', (e) => fail(e));
  });
  return socket;
}

/** Resolves with the reason the server gave when it closes the socket. */
const closedByServer = (socket: Socket) =>
  new Promise<{ reason: string; ended?: string }>((done) => {
    let ended: string | undefined;
    socket.on('session.ended', (m: { reason: string }) => (ended = m.reason));
    socket.once('disconnect', (reason) => done({ reason, ended }));
  });

/** True once the socket answers a watch: it is still connected and served. */
const stillServed = (socket: Socket) =>
  socket
    .timeout(5000)
    .emitWithAck('watch', { story: '*' })
    .then((r: { ok: boolean }) => r.ok);

describe('sessions: passwords, logout, disable and role changes end what they should', () => {
  let server: RunningServer;
  let anon: Client;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '5' } });
    anon = client(server.url);
    admin = anon.as(await login(server.url));
  }, 180_000);
  afterAll(() => server.stop());

  it("changes one's own password: 204, the old one stops working, the new one signs in", async () => {
    const { user, api } = await makeUser(admin, 'contributor', { password: 'first-password-1' });
    expect(
      (await api.post('/api/auth/password', { current: 'first-password-1', next: 'second-password-2' })).status,
    ).toBe(204);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'first-password-1' })).status).toBe(401);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'second-password-2' })).status).toBe(200);
    expect((await api.get('/api/auth/me')).status).toBe(200);
  });

  it('refuses a wrong current password with a 403 and a too-short new one with a 400 naming it', async () => {
    const { user, api } = await makeUser(admin, 'editor', { password: 'kept-password-1' });
    const wrong = await api.post('/api/auth/password', { current: 'not-it-at-all', next: 'another-password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const short = await api.post('/api/auth/password', { current: 'kept-password-1', next: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.message)).toContain('next');
    expect(
      (await anon.post('/api/auth/password', { current: 'kept-password-1', next: 'another-password' })).status,
    ).toBe(401);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'kept-password-1' })).status).toBe(200);
  });

  it('ends every other session and closes their newsroom sockets, keeping the one that changed it', async () => {
    const { user, api, token } = await makeUser(admin, 'editor', { password: 'editor-password-1' });
    const otherToken = await login(server.url, { email: user.email, password: 'editor-password-1' });
    const mine = await newsroomSocket(server.url, token);
    const other = await newsroomSocket(server.url, otherToken);
    const otherClosed = closedByServer(other);
    expect(
      (await api.post('/api/auth/password', { current: 'editor-password-1', next: 'editor-password-2' })).status,
    ).toBe(204);
    expect(await otherClosed).toEqual({ reason: 'io server disconnect', ended: 'password_changed' });
    expect((await anon.as(otherToken).get('/api/auth/me')).status).toBe(401);
    expect(await stillServed(mine)).toBe(true);
    expect((await api.get('/api/auth/me')).status).toBe(200);
    mine.close();
  });

  it('lets an admin reset a password, which ends every session of that user', async () => {
    const { user, api, token } = await makeUser(admin, 'contributor', { password: 'before-reset-1' });
    const socket = await newsroomSocket(server.url, token);
    const closed = closedByServer(socket);
    const r = await admin.patch(`/api/users/${user.id}`, { password: 'after-reset-22' });
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('password');
    expect(r.body).not.toHaveProperty('passwordHash');
    expect((await closed).ended).toBe('password_reset');
    expect((await api.get('/api/auth/me')).status).toBe(401);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'before-reset-1' })).status).toBe(401);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'after-reset-22' })).status).toBe(200);
    expect((await admin.patch(`/api/users/${user.id}`, { password: 'short' })).status).toBe(400);
  });

  it("keeps a disabled user's tokens dead after re-enabling, and closes its sockets at once", async () => {
    const { user, api, token } = await makeUser(admin, 'editor', { password: 'editor-password-1' });
    const socket = await newsroomSocket(server.url, token);
    const closed = closedByServer(socket);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    expect((await closed).ended).toBe('disabled');
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).status).toBe(200);
    expect((await api.get('/api/auth/me')).status).toBe(401);
    const refused = io(`${server.url}/newsroom`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
    });
    const err = await new Promise<Error>((done) => refused.once('connect_error', done));
    expect(err.message).toMatch(/revoked|invalid/i);
    refused.close();
    const fresh = await login(server.url, { email: user.email, password: 'editor-password-1' });
    expect((await anon.as(fresh).get('/api/auth/me')).status).toBe(200);
  });

  it('closes the sockets of the session that signs out, and only those', async () => {
    const { user, api, token } = await makeUser(admin, 'editor', { password: 'editor-password-1' });
    const other = await newsroomSocket(
      server.url,
      await login(server.url, { email: user.email, password: 'editor-password-1' }),
    );
    const socket = await newsroomSocket(server.url, token);
    const closed = closedByServer(socket);
    expect((await api.post('/api/auth/logout')).status).toBe(204);
    expect((await closed).ended).toBe('logout');
    expect(await stillServed(other)).toBe(true);
    other.close();
  });

  it("closes a user's sockets when its role changes; its token then acts with the new role", async () => {
    const { user, api, token } = await makeUser(admin, 'editor');
    const socket = await newsroomSocket(server.url, token);
    const closed = closedByServer(socket);
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'contributor' })).status).toBe(200);
    expect((await closed).ended).toBe('role_changed');
    expect((await api.get('/api/auth/me')).body.role).toBe('contributor');
  });

  it('records password changes and resets in the audit trail without the password', async () => {
    const r = await admin.get('/api/audit?targetType=user&limit=500');
    const actions = r.body.items.map((a: { action: string }) => a.action);
    expect(actions).toContain('user.password_changed');
    expect(r.body.items.some((a: { details: { passwordReset?: boolean } }) => a.details.passwordReset)).toBe(true);
    expect(JSON.stringify(r.body)).not.toMatch(/after-reset-22|second-password-2/);
  });

  it('still signs in the first admin', async () => {
    expect((await anon.post('/api/auth/login', ADMIN)).status).toBe(200);
  });
});
