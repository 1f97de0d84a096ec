import { usingPostgres } from '../support/database';
import { freshStorage, startServer, type RunningServer } from '../support/server';

// PGlite has no lock of its own: before libs/core's data-dir lock, a second process on the same
// DATA_DIR opened the cluster and served, two PostgreSQL instances writing one directory.
(usingPostgres() ? describe.skip : describe)('one process per embedded data directory', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.kill();
  });

  it('refuses a second process on a DATA_DIR in use, with a message, and frees it when the first ends', async () => {
    const storage = await freshStorage();
    const first = await startServer({ storage });
    servers.push(first);
    const second = await startServer({ storage, readyWithinMs: 60_000 }).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toMatch(/server exited early \(1\)/);
    expect((second as Error).message).toContain(`DATA_DIR ${storage.dataDir} is in use by another Liveline process`);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);

    // Killed outright, it leaves no lock behind: the next process starts at once.
    await first.kill();
    const next = await startServer({ storage });
    servers.push(next);
    expect((await fetch(`${next.url}/health`)).status).toBe(200);
  });
});
