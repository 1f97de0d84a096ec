import { spawnSync } from 'node:child_process';
import { freshStorage, startServer, type RunningServer } from '../support/server';
import { client, eventually } from '../support/api';

describe('health, API docs and error shape', () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server.stop());

  it('reports health with the database status', async () => {
    const r = await client(server.url).get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document generated from the DTOs, and its UI', async () => {
    const doc = await client(server.url).get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/stories',
      '/api/stories/{ref}/entries',
      '/api/stories/{ref}/entries/{id}',
      '/api/stories/{ref}/events',
      '/api/auth/login',
      '/api/users',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.CreateEntryDto.required).toContain('body');
    const ui = await fetch(`${server.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers unknown API routes with the JSON error shape', async () => {
    const r = await client(server.url).get('/api/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('allows reads from any origin', async () => {
    const r = await fetch(`${server.url}/api/stories`, { headers: { origin: 'https://partner.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('first sign-in without ADMIN_EMAIL', () => {
  it('prints a generated admin password once, and it signs in', async () => {
    const storage = await freshStorage({ blank: true });
    const first = await startServer({ storage, env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
    try {
      const pattern = /created admin (\S+) with password (\S+)/;
      await eventually(() => pattern.test(first.output()), 5000, 'the generated password in the log');
      const [, email, password] = pattern.exec(first.output())!;
      const r = await client(first.url).post('/api/auth/login', { email, password });
      expect(r.status).toBe(200);
      expect(r.body.user.role).toBe('admin');
    } finally {
      await first.stop();
    }
    const second = await startServer({ storage, env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
    await second.stop();
    expect(second.output()).not.toMatch(/with password/);
  });
});

describe('migrations', () => {
  it('go down and up again cleanly, and the server starts on the result', async () => {
    const storage = await freshStorage({ blank: true });
    const env = { ...process.env, DATA_DIR: storage.dataDir ?? '', DATABASE_URL: storage.databaseUrl ?? '' };
    const typeorm = (verb: string) =>
      spawnSync('npx', ['typeorm', `migration:${verb}`, '-d', 'dist/apps/server/src/data-source.js'], {
        env,
        encoding: 'utf8',
      });
    for (const verb of ['run', 'revert', 'run']) {
      const r = typeorm(verb);
      expect({ verb, status: r.status, err: r.status ? r.stderr + r.stdout : '' }).toEqual({
        verb,
        status: 0,
        err: '',
      });
    }
    expect(typeorm('show').stdout).toContain('[X]');
    const server = await startServer({ storage });
    expect((await client(server.url).get('/api/stories')).status).toBe(200);
    await server.stop();
  });
});
