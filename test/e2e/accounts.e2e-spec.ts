import { ADMIN, login, startServer, type RunningServer } from '../support/server';
import { client, makeUser, type Client } from '../support/api';

describe('accounts: sign-in, roles, user admin', () => {
  let server: RunningServer;
  let anon: Client;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '5' } });
    anon = client(server.url);
    admin = anon.as(await login(server.url));
  });
  afterAll(() => server.stop());

  it('signs in with email and password and returns a token and the user', async () => {
    const r = await anon.post('/api/auth/login', ADMIN);
    expect(r.status).toBe(200);
    expect(typeof r.body.token).toBe('string');
    expect(r.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(r.body.user).toHaveProperty('id');
    expect(r.body.user).toHaveProperty('name');
    expect(r.body.user).not.toHaveProperty('passwordHash');
  });

  it('answers a wrong password or unknown email with a JSON 401', async () => {
    for (const creds of [
      { ...ADMIN, password: 'nope-nope' },
      { email: 'ghost@liveline.test', password: 'whatever' },
    ]) {
      const r = await anon.post('/api/auth/login', creds);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(r.body.message).toBeTruthy();
    }
  });

  it('refuses a malformed login body with a 400 naming the field', async () => {
    const r = await anon.post('/api/auth/login', { email: 'a@b.c' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.message)).toContain('password');
    const junk = await anon.post('/api/auth/login', '{"email":');
    expect(junk.status).toBe(400);
    expect(junk.body.statusCode).toBe(400);
  });

  it('rate-limits failed sign-ins per account and address with a 429', async () => {
    const { user } = await makeUser(admin, 'contributor', { password: 'right-password-1' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await anon.post('/api/auth/login', { email: user.email, password: 'wrong-password' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const blocked = await anon.post('/api/auth/login', { email: user.email, password: 'right-password-1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429 });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('tells who is signed in, and signing out revokes the token', async () => {
    const token = await login(server.url);
    const me = await anon.as(token).get('/api/auth/me');
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect((await anon.as(token).post('/api/auth/logout')).status).toBe(204);
    expect((await anon.as(token).get('/api/auth/me')).status).toBe(401);
  });

  it('lets an admin create, list and change users', async () => {
    const created = await admin.post('/api/users', {
      email: 'Rana@Liveline.test',
      name: 'رنا',
      password: 'a-good-password',
      role: 'editor',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'Rana@Liveline.test',
      name: 'رنا',
      role: 'editor',
      disabled: false,
    });
    const list = await admin.get('/api/users');
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain('Rana@Liveline.test');
    const patched = await admin.patch(`/api/users/${created.body.id}`, { role: 'contributor' });
    expect(patched.body.role).toBe('contributor');
  });

  it('refuses a taken email (any case) with a 409 and bad user input with a 400', async () => {
    expect(
      (
        await admin.post('/api/users', {
          email: 'rana@liveline.test',
          name: 'x',
          password: 'a-good-password',
          role: 'editor',
        })
      ).status,
    ).toBe(409);
    const bad = await admin.post('/api/users', { email: 'not-an-email', name: '', password: 'short', role: 'boss' });
    expect(bad.status).toBe(400);
    const message = JSON.stringify(bad.body.message);
    for (const field of ['email', 'name', 'password', 'role']) expect(message).toContain(field);
    expect((await admin.patch('/api/users/not-a-uuid', { role: 'editor' })).status).toBe(400);
    expect((await admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { role: 'editor' })).status).toBe(404);
  });

  it('keeps user admin to admins: 401 anonymous, 403 editor', async () => {
    const { api: editor } = await makeUser(admin, 'editor');
    expect((await anon.get('/api/users')).status).toBe(401);
    const r = await editor.get('/api/users');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(
      (await editor.post('/api/users', { email: 'x@y.z', name: 'x', password: 'a-good-password', role: 'admin' }))
        .status,
    ).toBe(403);
  });

  it('cuts a disabled user off at once, on every token it holds', async () => {
    const { user, api: editor } = await makeUser(admin, 'editor', { password: 'editor-password' });
    const second = anon.as(await login(server.url, { email: user.email, password: 'editor-password' }));
    expect((await editor.get('/api/auth/me')).status).toBe(200);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).body.disabled).toBe(true);
    expect((await editor.get('/api/auth/me')).status).toBe(401);
    expect((await second.post('/api/stories', { title: 'x' })).status).toBe(401);
    expect((await anon.post('/api/auth/login', { email: user.email, password: 'editor-password' })).status).toBe(401);
  });

  it('keeps an admin from disabling itself', async () => {
    const me = await admin.get('/api/auth/me');
    expect((await admin.patch(`/api/users/${me.body.id}`, { disabled: true })).status).toBe(400);
  });

  it('records user changes in the audit trail', async () => {
    // A user of this test's own (the bootstrap admin's creation alone must not satisfy it), changed once.
    const me = (await admin.get('/api/auth/me')).body as { id: string };
    const { user } = await makeUser(admin, 'contributor');
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'editor' })).status).toBe(200);
    const r = await admin.get(`/api/audit?targetType=user&targetId=${user.id}`);
    expect(r.status).toBe(200);
    const items = r.body.items as {
      action: string;
      actorId: string;
      targetId: string;
      details: { after?: { role?: string } };
    }[];
    expect(items.map((a) => a.action)).toEqual(['user.updated', 'user.created']);
    expect(items.every((a) => a.actorId === me.id && a.targetId === user.id)).toBe(true);
    expect(items[0].details.after?.role).toBe('editor');
  });

  it('never accepts a garbage bearer token', async () => {
    const r = await anon.as('garbage').post('/api/stories', { title: 'x' });
    expect(r.status).toBe(401);
  });
});
