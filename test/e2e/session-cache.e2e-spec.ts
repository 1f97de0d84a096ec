import { login, startServer, type RunningServer } from '../support/server';
import { client, makeUser, type Client } from '../support/api';

// The token lookup is answered from memory once a token has been seen (SessionCache). Whatever
// ends a session or changes its user must still take effect on the very next request.
describe('session cache: a remembered token obeys every change at once', () => {
  let server: RunningServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '1000', WRITES_PER_MINUTE: '100000' } });
    admin = client(server.url, await login(server.url));
  }, 180_000);
  afterAll(() => server.stop());

  /** Uses the token a few times, so that the process answers it from memory. */
  const warm = async (api: Client) => {
    for (let i = 0; i < 3; i++) expect((await api.get('/api/auth/me')).status).toBe(200);
  };

  it('refuses a token on the first request after its logout, with lookups in flight around it (15 rounds)', async () => {
    const { user } = await makeUser(admin, 'editor', { password: 'editor-password-1' });
    for (let round = 0; round < 15; round++) {
      const api = client(server.url, await login(server.url, { email: user.email, password: 'editor-password-1' }));
      await warm(api);
      // Requests racing the logout may see either side of it; none after it may pass.
      const racing = Array.from({ length: 6 }, () => api.get('/api/auth/me'));
      expect((await api.post('/api/auth/logout')).status).toBe(204);
      const after = await Promise.all(Array.from({ length: 3 }, () => api.get('/api/auth/me')));
      expect(after.map((r) => r.status)).toEqual([401, 401, 401]);
      expect((await Promise.all(racing)).map((r) => r.status).filter((s) => s !== 200 && s !== 401)).toEqual([]);
      expect((await api.get('/api/auth/me')).status).toBe(401);
    }
  });

  it('acts with the new role, and shows the new name, on the first request after the change', async () => {
    const { user, api } = await makeUser(admin, 'editor');
    await warm(api);
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'contributor' })).status).toBe(200);
    expect((await api.get('/api/auth/me')).body.role).toBe('contributor');
    const story = await admin.post<{ id: string }>('/api/stories', { title: 'Cache', status: 'live' });
    const published = await api.post(`/api/stories/${story.body.id}/entries`, {
      body: '<p>x</p>',
      status: 'published',
    });
    expect(published.status).toBe(403);
    expect((await admin.patch(`/api/users/${user.id}`, { name: 'مراسل كييف' })).status).toBe(200);
    expect((await api.get('/api/auth/me')).body.name).toBe('مراسل كييف');
    const submitted = await api.post<{ author: { name: string } }>(`/api/stories/${story.body.id}/entries`, {
      body: '<p>y</p>',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.author.name).toBe('مراسل كييف');
  });

  it('refuses the token at once when the user is disabled or its password is reset', async () => {
    const disabled = await makeUser(admin, 'editor');
    await warm(disabled.api);
    expect((await admin.patch(`/api/users/${disabled.user.id}`, { disabled: true })).status).toBe(200);
    expect((await disabled.api.get('/api/auth/me')).status).toBe(401);

    const reset = await makeUser(admin, 'contributor');
    await warm(reset.api);
    expect((await admin.patch(`/api/users/${reset.user.id}`, { password: 'a-brand-new-password' })).status).toBe(200);
    expect((await reset.api.get('/api/auth/me')).status).toBe(401);
  });

  it("ends the user's other remembered sessions at once when it changes its password, keeping its own", async () => {
    const { user, api } = await makeUser(admin, 'contributor', { password: 'first-password-1' });
    const other = client(server.url, await login(server.url, { email: user.email, password: 'first-password-1' }));
    await warm(api);
    await warm(other);
    expect(
      (await api.post('/api/auth/password', { current: 'first-password-1', next: 'second-password-2' })).status,
    ).toBe(204);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    expect((await api.get('/api/auth/me')).status).toBe(200);
  });
});
