import type { PGlite } from '@electric-sql/pglite';
import { ConnectionWaitTimeout, ExclusiveLock, ExclusivePGlitePool } from './pglite-pool';

// A stand-in for PGlite that records which statements ran, and lets a test hold one open.
function fakeDb() {
  const ran: string[] = [];
  const db = {
    exec: async (sql: string) => {
      ran.push(sql);
      return [{ rows: [{ sql }] }];
    },
    query: async (sql: string, params: unknown[]) => {
      ran.push(`${sql} ${JSON.stringify(params)}`);
      return { rows: [{ sql, params }] };
    },
    close: async () => undefined,
  };
  return { ran, db: db as unknown as PGlite };
}

function poolWith(timeoutMs = 0) {
  const { ran, db } = fakeDb();
  const lock = new ExclusiveLock(timeoutMs);
  return { ran, lock, pool: new ExclusivePGlitePool(lock, async () => db) };
}

describe('ExclusivePGlitePool', () => {
  it('lends the connection to one promise-style holder at a time, and takes it back on release()', async () => {
    const { pool } = poolWith();
    const first = await (pool.connect() as Promise<{ release(): void }>);
    let secondLent = false;
    const second = (pool.connect() as Promise<{ release(): void }>).then((c) => {
      secondLent = true;
      return c;
    });
    await new Promise((r) => setImmediate(r));
    expect(secondLent).toBe(false);
    expect(pool.waitingCount).toBe(1);
    first.release();
    (await second).release();
    expect(secondLent).toBe(true);
    expect(pool.idleCount).toBe(1);
    expect(pool.waitingCount).toBe(0);
  });

  it('releases a callback-style client exactly once even when release is called twice', async () => {
    const { pool } = poolWith();
    const release = await new Promise<(err?: unknown) => void>((resolve, reject) => {
      void pool.connect((err, _client, done) => (err ? reject(err) : resolve(done)));
    });
    let lentTo = 0;
    const waiters = [pool.connect(), pool.connect()] as Promise<{ release(): void }>[];
    const counted = waiters.map((w) => w.then((c) => (lentTo++, c)));
    release();
    release();
    await new Promise((r) => setImmediate(r));
    // The double release must not hand the one connection to both waiters.
    expect(lentTo).toBe(1);
    (await counted[0]).release();
    (await counted[1]).release();
    expect(lentTo).toBe(2);
  });

  it('honours a callback passed to query, with and without parameters', async () => {
    const { pool, ran } = poolWith();
    const withParams = await new Promise<unknown>((resolve, reject) => {
      void pool.query('SELECT $1', [7], (err, res) => (err ? reject(err) : resolve(res)));
    });
    const without = await new Promise<unknown>((resolve, reject) => {
      void pool.query('SELECT 1', (err, res) => (err ? reject(err) : resolve(res)));
    });
    expect(withParams).toEqual({ rows: [{ sql: 'SELECT $1', params: [7] }] });
    expect(without).toEqual({ rows: [{ sql: 'SELECT 1' }] });
    expect(ran).toEqual(['SELECT $1 [7]', 'SELECT 1']);
    expect(pool.idleCount).toBe(1);
  });

  it('honours a callback passed to a lent client query', async () => {
    const { pool } = poolWith();
    const client = await (pool.connect() as Promise<{ query: (...a: unknown[]) => unknown; release(): void }>);
    const res = await new Promise((resolve, reject) =>
      client.query('SELECT 2', (err: unknown, r: unknown) => (err ? reject(err) : resolve(r))),
    );
    expect(res).toEqual({ rows: [{ sql: 'SELECT 2' }] });
    client.release();
  });

  it('gives up waiting after the timeout with a 503-mapped error, counts it, and keeps the queue intact', async () => {
    const { pool } = poolWith(30);
    const holder = await (pool.connect() as Promise<{ release(): void }>);
    await expect(pool.connect() as Promise<unknown>).rejects.toBeInstanceOf(ConnectionWaitTimeout);
    await expect(pool.query('SELECT 1') as Promise<unknown>).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(pool.waitTimeouts).toBe(2);
    expect(pool.waitingCount).toBe(0);
    holder.release();
    // The timed-out waiters left the queue: the next one is lent at once.
    const next = await (pool.connect() as Promise<{ release(): void }>);
    next.release();
    expect(pool.idleCount).toBe(1);
  });

  it('releases the connection when a statement fails', async () => {
    const { lock } = poolWith();
    const failing = {
      exec: async () => {
        throw new Error('syntax error');
      },
    } as unknown as PGlite;
    const pool = new ExclusivePGlitePool(lock, async () => failing);
    await expect(pool.query('SELEC 1') as Promise<unknown>).rejects.toThrow('syntax error');
    expect(pool.idleCount).toBe(1);
  });
});
