import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, eventually, makeUser, sleep, type Client } from '../support/api';

// Two processes on one PostgreSQL: a token remembered by one process is forgotten there when
// another process ends the session or changes the user, as soon as the session notice arrives.
describe('session cache across two processes', () => {
  let a: RunningServer;
  let b: RunningServer;
  let adminOnA: Client;

  beforeAll(async () => {
    const storage = await freshStorage();
    const env = { LOGIN_ATTEMPTS_PER_MINUTE: '1000', WRITES_PER_MINUTE: '100000' };
    a = await startServer({ storage, env });
    b = await startServer({ storage, env });
    adminOnA = client(a.url, await login(a.url));
  }, 240_000);
  afterAll(async () => Promise.all([a?.stop(), b?.stop()]));

  const warm = async (api: Client) => {
    for (let i = 0; i < 3; i++) expect((await api.get('/api/auth/me')).status).toBe(200);
  };

  it('refuses on B, within the notice, a token B remembered and A signed out; never again after (10 rounds)', async () => {
    const { user } = await makeUser(adminOnA, 'editor', { password: 'editor-password-1' });
    for (let round = 0; round < 10; round++) {
      const token = await login(a.url, { email: user.email, password: 'editor-password-1' });
      const onB = client(b.url, token);
      await warm(onB);
      const out = Date.now();
      expect((await client(a.url, token).post('/api/auth/logout')).status).toBe(204);
      await eventually(async () => (await onB.get('/api/auth/me')).status === 401, 2000, 'B to refuse the token');
      expect(Date.now() - out).toBeLessThan(2000);
      const later = await Promise.all(Array.from({ length: 5 }, () => onB.get('/api/auth/me')));
      expect(later.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    }
  });

  it('acts on B with the role A gave, within the notice', async () => {
    const { user, token } = await makeUser(adminOnA, 'editor');
    const onB = client(b.url, token);
    await warm(onB);
    expect((await adminOnA.patch(`/api/users/${user.id}`, { role: 'contributor' })).status).toBe(200);
    await eventually(
      async () => (await onB.get('/api/auth/me')).body.role === 'contributor',
      2000,
      'the new role on B',
    );
    await sleep(50);
    expect((await onB.get('/api/auth/me')).body.role).toBe('contributor');
  });
});
