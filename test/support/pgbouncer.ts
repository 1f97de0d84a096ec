import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './server';

// Debian's pgbouncer (`.ci/run` installs it), in transaction pooling mode with a small pool, in
// front of the PostgreSQL behind TEST_DATABASE_URL: what operators run at scale. The pooled
// pass of scripts/test.mjs starts one for the whole pass (test/support/pgbouncer-setup.ts); each
// fresh database then gets DATABASE_URL through it and DATABASE_DIRECT_URL beside it.
export const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';
/** Server connections per database and user: far fewer than the processes' pools add up to. */
export const POOL_SIZE = 4;

export interface RunningPgBouncer {
  /** TEST_DATABASE_URL with pgbouncer's address instead of PostgreSQL's. */
  url: string;
  port: number;
  proc: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

export async function startPgBouncer(target = process.env.TEST_DATABASE_URL!): Promise<RunningPgBouncer> {
  if (!existsSync(PGBOUNCER))
    throw new Error(`no pgbouncer at ${PGBOUNCER}: apt-get install pgbouncer (or PGBOUNCER_PATH=…)`);
  const pg = new URL(target);
  const user = decodeURIComponent(pg.username || 'postgres');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'liveline-pgbouncer-'));
  const asRoot = process.getuid?.() === 0;
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, 'users.txt'), `${quote(user)} ${quote(decodeURIComponent(pg.password))}\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      // Any database name, so every spec's fresh database goes through the one pooler.
      `* = host=${pg.hostname} port=${pg.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      `default_pool_size = ${POOL_SIZE}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 2000',
      'max_db_connections = 0',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `admin_users = ${user}`,
      `stats_users = ${user}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      'log_connections = 0',
      'log_disconnections = 0',
      // pgbouncer refuses to run as root; CI runs the suite as root.
      ...(asRoot ? ['user = postgres'] : []),
    ].join('\n') + '\n',
  );
  if (asRoot) {
    chmodSync(dir, 0o755);
    const { uid, gid } = postgresUser();
    for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(dir, f), uid, gid);
  }
  const proc = spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const log = () => {
    try {
      return out + readFileSync(join(dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return out;
    }
  };
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  process.once('exit', () => proc.kill('SIGKILL'));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const bouncer: RunningPgBouncer = {
    url: url.toString(),
    port,
    proc,
    log,
    stop: async () => {
      // SIGINT: pgbouncer's safe shutdown (waits for transactions in flight).
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGINT');
      await exited;
    },
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`pgbouncer exited (${proc.exitCode}):\n${log()}`);
    try {
      await adminConsole(bouncer, 'SHOW VERSION');
      return bouncer;
    } catch (e) {
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`pgbouncer did not answer (${(e as Error).message}):\n${log()}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('pgbouncer runs as the postgres user when started as root, and there is none');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A command on pgbouncer's admin console (the `pgbouncer` database; simple protocol only). */
export async function adminConsole<T = Record<string, string>>(
  bouncer: Pick<RunningPgBouncer, 'url'>,
  command: string,
): Promise<T[]> {
  const url = new URL(bouncer.url);
  url.pathname = '/pgbouncer';
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    return (await c.query(command)).rows as T[];
  } finally {
    await c.end();
  }
}

/** `SHOW STATS` by database: transactions and queries pgbouncer has carried to PostgreSQL. */
export async function poolStats(
  bouncer: Pick<RunningPgBouncer, 'url'>,
): Promise<Map<string, { xacts: number; queries: number }>> {
  const rows = await adminConsole<{ database: string; total_xact_count: string; total_query_count: string }>(
    bouncer,
    'SHOW STATS',
  );
  return new Map(
    rows.map((r) => [r.database, { xacts: Number(r.total_xact_count), queries: Number(r.total_query_count) }]),
  );
}

/** The pooler this pass goes through (set by test/support/pgbouncer-setup.ts), if any. */
export function pooledPass(): { url: string } | undefined {
  const url = process.env.TEST_PGBOUNCER_URL;
  return url ? { url } : undefined;
}

/** `databaseUrl` as the pass's pooler carries it: PgBouncer's host and port, same database. */
export function pooledUrlFor(databaseUrl: string): string {
  const pool = new URL(pooledPass()!.url);
  const url = new URL(databaseUrl);
  url.hostname = pool.hostname;
  url.port = pool.port;
  return url.toString();
}

/** PostgreSQL's own address for a database reached through the pass's pooler (else unchanged). */
export function directUrlFor(databaseUrl: string): string {
  const pass = pooledPass();
  const url = new URL(databaseUrl);
  if (!pass) return databaseUrl;
  const pool = new URL(pass.url);
  if (url.host !== pool.host) return databaseUrl;
  const direct = new URL(process.env.TEST_DATABASE_URL!);
  url.hostname = direct.hostname;
  url.port = direct.port;
  return url.toString();
}
