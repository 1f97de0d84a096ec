import { freshStorage, login, startServer, type RunningServer } from '../support/server';
import { client, makeUser, type Client } from '../support/api';
import { listenerCount, terminateListeners } from './support/postgres';
import { cleanUpAfterAll } from './support/teardown';
import { sleep } from './support/writer';

// A process that is not hearing the session notices must not answer tokens from memory: a
// logout announced while its LISTEN connection is down is never heard there.
describe('session cache while the listening connection is down', () => {
  let servers: RunningServer[] = [];
  cleanUpAfterAll(() => servers);

  it("refuses on B a token signed out on A while B's listener was down (5 rounds)", async () => {
    const storage = await freshStorage();
    const env = { LOGIN_ATTEMPTS_PER_MINUTE: '1000' };
    servers = [await startServer({ storage, env }), await startServer({ storage, env })];
    const [a, b] = servers;
    const admin = client(a.url, await login(a.url));
    const { user } = await makeUser(admin, 'editor', { password: 'editor-password-1' });
    for (let round = 0; round < 5; round++) {
      const token = await login(a.url, { email: user.email, password: 'editor-password-1' });
      const onB: Client = client(b.url, token);
      for (let i = 0; i < 3; i++) expect((await onB.get('/api/auth/me')).status).toBe(200);
      for (let wait = 0; (await listenerCount(storage.databaseUrl!)) < 2; wait++) {
        if (wait > 200) throw new Error('a process did not listen again within 10 s');
        await sleep(50);
      }
      expect(await terminateListeners(storage.databaseUrl!)).toBe(2);
      // Until both are gone, a notice could still reach B: then this round proves less, not wrongly.
      for (let wait = 0; (await listenerCount(storage.databaseUrl!)) > 0 && wait < 100; wait++) await sleep(10);
      expect((await client(a.url, token).post('/api/auth/logout')).status).toBe(204);
      expect((await onB.get('/api/auth/me')).status).toBe(401);
    }
  });
});
