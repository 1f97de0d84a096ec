import { EventEmitter } from 'node:events';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { PGliteDriver, getPGliteInstance } from 'typeorm-pglite';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: PGliteClient | null, release: Release) => void;

// PGlite is one connection. typeorm-pglite hands the same connection to every query runner,
// so two concurrent transactions would interleave their statements. This pool lends the
// connection to one query runner at a time: a transaction owns it from BEGIN to COMMIT.
class ExclusiveLock {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

const lock = new ExclusiveLock();

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[] | ((err: unknown, res: unknown) => void)) {
    if (typeof params === 'function') params = undefined;
    // Parameterless statements may hold several commands (migrations): exec runs them all.
    if (!params || params.length === 0) {
      const results = await this.db.exec(sql);
      return results[results.length - 1] ?? { rows: [] };
    }
    return this.db.query(sql, params);
  }
}

class ExclusivePGlitePool extends EventEmitter {
  connect(callback?: ConnectCallback): Promise<PGliteClient> | void {
    const run = (async () => {
      const release = await lock.acquire();
      try {
        const db = await getPGliteInstance();
        return { client: new PGliteClient(db), release };
      } catch (err) {
        release();
        throw err;
      }
    })();
    if (!callback) return run.then((r) => r.client);
    run.then(
      ({ client, release }) => {
        let released = false;
        callback(null, client, () => {
          if (!released) (released = true), release();
        });
      },
      (err) => callback(err, null, () => undefined),
    );
  }

  async query(sql: string, params?: unknown[]) {
    const release = await lock.acquire();
    try {
      return await new PGliteClient(await getPGliteInstance()).query(sql, params);
    } finally {
      release();
    }
  }

  end(callback?: (err?: unknown) => void): void {
    getPGliteInstance()
      .then((db) => db.close())
      .then(() => callback?.(), (err) => callback?.(err));
  }
}

/** A `pg`-shaped driver for TypeORM's postgres dialect, backed by PGlite with `options` (its dataDir and settings). */
export function pgliteDriver(options: PGliteOptions): { Pool: typeof ExclusivePGlitePool } {
  // typeorm-pglite keeps the PGlite options (and its boolean serializer) for the shared instance.
  new PGliteDriver(options);
  return { Pool: ExclusivePGlitePool };
}

export { getPGliteInstance };
