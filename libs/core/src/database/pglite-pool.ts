import { EventEmitter } from 'node:events';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { PGliteDriver, getPGliteInstance } from 'typeorm-pglite';
import { lockDataDir } from './data-dir-lock';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: PGliteClient | null, release: Release) => void;
type QueryCallback = (err: unknown, res?: unknown) => void;

export class ConnectionWaitTimeout extends Error {
  // The HTTP filter answers 503 for ETIMEDOUT, like a PostgreSQL pool that is out of connections.
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`Waited ${ms} ms for the embedded database connection`);
  }
}

// PGlite is one connection. typeorm-pglite hands the same connection to every query runner,
// so two concurrent transactions would interleave their statements. The lock lends the
// connection to one holder at a time: a transaction owns it from BEGIN to COMMIT.
export class ExclusiveLock {
  private held = false;
  private readonly queue: Array<{ grant: () => void }> = [];
  timeouts = 0;

  constructor(public timeoutMs: number) {}

  get waiting(): number {
    return this.queue.length;
  }

  get busy(): boolean {
    return this.held;
  }

  acquire(): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        grant: () => {
          if (timer) clearTimeout(timer);
          this.held = true;
          resolve(this.releaser());
        },
      };
      if (!this.held) return waiter.grant();
      this.queue.push(waiter);
      if (this.timeoutMs > 0) {
        timer = setTimeout(() => {
          const at = this.queue.indexOf(waiter);
          if (at < 0) return;
          this.queue.splice(at, 1);
          this.timeouts++;
          reject(new ConnectionWaitTimeout(this.timeoutMs));
        }, this.timeoutMs);
      }
    });
  }

  // Releasing twice is harmless: the second call must not hand the connection to a second holder.
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.held = false;
    };
  }
}

export class PGliteClient extends EventEmitter {
  constructor(
    private readonly db: PGlite,
    private readonly onRelease: () => void = () => undefined,
  ) {
    super();
  }

  query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<unknown> | void {
    if (typeof params === 'function') [callback, params] = [params, undefined];
    const run = this.run(sql, params);
    if (!callback) return run;
    const done = callback;
    run.then(
      (res) => done(null, res),
      (err) => done(err),
    );
  }

  /** pg's promise-style `pool.connect()` hands out clients that are given back with `release()`. */
  release(): void {
    this.onRelease();
  }

  private async run(sql: string, params?: unknown[]): Promise<unknown> {
    // Parameterless statements may hold several commands (migrations): exec runs them all.
    if (!params || params.length === 0) {
      const results = await this.db.exec(sql);
      return results[results.length - 1] ?? { rows: [] };
    }
    return this.db.query(sql, params);
  }
}

/** The `pg.Pool` surface TypeORM uses, lending PGlite's one connection to one holder at a time. */
export class ExclusivePGlitePool extends EventEmitter {
  // Read by the metrics like a pg pool's counters: one connection, busy or idle, and who waits.
  readonly options = { max: 1 };

  constructor(
    private readonly lock: ExclusiveLock,
    private readonly instance: () => Promise<PGlite> = getPGliteInstance,
  ) {
    super();
  }

  get totalCount(): number {
    return 1;
  }
  get idleCount(): number {
    return this.lock.busy ? 0 : 1;
  }
  get waitingCount(): number {
    return this.lock.waiting;
  }
  get waitTimeouts(): number {
    return this.lock.timeouts;
  }

  connect(callback?: ConnectCallback): Promise<PGliteClient> | void {
    const lent = this.lend();
    if (!callback) return lent;
    const done = callback;
    lent.then(
      (client) => done(null, client, () => client.release()),
      (err) => done(err, null, () => undefined),
    );
  }

  query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<unknown> | void {
    if (typeof params === 'function') [callback, params] = [params, undefined];
    const values = params;
    const run = this.lend().then(async (client) => {
      try {
        return await client.query(sql, values);
      } finally {
        client.release();
      }
    });
    if (!callback) return run;
    const done = callback;
    run.then(
      (res) => done(null, res),
      (err) => done(err),
    );
  }

  end(callback?: (err?: unknown) => void): Promise<void> {
    const closed = this.instance().then((db) => db.close());
    return closed.then(
      () => callback?.(),
      (err) => {
        if (!callback) throw err;
        callback(err);
      },
    );
  }

  private async lend(): Promise<PGliteClient> {
    const release = await this.lock.acquire();
    try {
      return new PGliteClient(await this.instance(), release);
    } catch (err) {
      release();
      throw err;
    }
  }
}

// One lock per process: every pool TypeORM makes (app, migrations) shares the one PGlite connection.
const lock = new ExclusiveLock(0);

/** A `pg`-shaped driver for TypeORM's postgres dialect, backed by PGlite with `options` (its dataDir and settings). */
export function pgliteDriver(
  options: PGliteOptions,
  opts: { acquireTimeoutMs: number },
): { Pool: new () => ExclusivePGlitePool } {
  // typeorm-pglite keeps the PGlite options (and its boolean serializer) for the shared instance.
  new PGliteDriver(options);
  lock.timeoutMs = opts.acquireTimeoutMs;
  const dataDir = options.dataDir && !options.dataDir.includes('://') ? options.dataDir : undefined;
  // The directory is this process's before PGlite opens it (a second process must not).
  const instance = () => (dataDir ? lockDataDir(dataDir).then(getPGliteInstance) : getPGliteInstance());
  return {
    Pool: class extends ExclusivePGlitePool {
      constructor() {
        super(lock, instance);
      }
    },
  };
}

export { getPGliteInstance };
