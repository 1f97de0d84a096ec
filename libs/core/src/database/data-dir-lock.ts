import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Another process holds the embedded database's directory. */
export class DataDirInUseError extends Error {
  constructor(readonly dir: string) {
    super(
      `DATA_DIR ${dir} is in use by another Liveline process. The embedded database (PGlite) is ` +
        'one process per data directory: stop the other one, give this one another DATA_DIR, or set ' +
        'DATABASE_URL to run several processes on PostgreSQL.',
    );
  }
}

const held = new Map<string, Promise<void>>();

/**
 * Holds `dir` for the life of this process, or fails with DataDirInUseError. PGlite has no lock
 * of its own: a second process on the same directory opens it and serves, and two PostgreSQL
 * instances writing one cluster corrupt it.
 *
 * On Linux the lock is a socket bound in the abstract namespace under a name made from the
 * directory's real path: the kernel lets one process bind it and frees it when that process
 * ends, kill -9 included, so there is no stale lock to clean up after a crash. It is per network
 * namespace: containers that share one volume but not a network do not see each other's lock.
 * Elsewhere a pid file in the directory, checked for a live owner, does the same on one machine.
 */
export function lockDataDir(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const real = realpathSync(dir);
  let lock = held.get(real);
  if (!lock) {
    lock = process.platform === 'linux' ? bindAbstract(real) : pidFile(real);
    held.set(real, lock);
    lock.catch(() => held.delete(real));
  }
  return lock;
}

function bindAbstract(dir: string): Promise<void> {
  const name = `\0liveline-data-dir-${createHash('sha256').update(dir).digest('hex').slice(0, 40)}`;
  return new Promise((done, fail) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'EADDRINUSE' ? new DataDirInUseError(dir) : e));
    server.listen({ path: name }, () => {
      server.unref();
      done();
    });
  });
}

async function pidFile(dir: string): Promise<void> {
  const file = join(dir, 'liveline.pid');
  try {
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner && owner !== process.pid && alive(owner)) throw new DataDirInUseError(dir);
  } catch (e) {
    if (e instanceof DataDirInUseError) throw e;
  }
  writeFileSync(file, String(process.pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
