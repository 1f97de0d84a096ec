import { execFileSync } from 'node:child_process';
import { Client } from 'pg';

// The PostgreSQL cluster behind TEST_DATABASE_URL, driven with Debian's pg_ctlcluster. Only a
// cluster on this machine can be restarted by a test; anything else is a setup error.
export function localCluster(): { version: string; name: string } {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname))
    throw new Error(`cannot restart PostgreSQL at ${url.hostname}: the restart test needs the machine's own cluster`);
  const port = url.port || '5432';
  const lines = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n');
  const row = lines.map((l) => l.trim().split(/\s+/)).find((cols) => cols[2] === port);
  if (!row) throw new Error(`no local PostgreSQL cluster on port ${port}:\n${lines.join('\n')}`);
  return { version: row[0], name: row[1] };
}

function ctl(action: 'start' | 'stop') {
  const { version, name } = localCluster();
  // Fast stop: sessions are ended at once, as in a crash-free restart by an operator.
  const args = ['--skip-systemctl-redirect', version, name, action, ...(action === 'stop' ? ['--', '-m', 'fast'] : [])];
  execFileSync('pg_ctlcluster', args, { stdio: 'pipe' });
}

export const stopPostgres = () => ctl('stop');
export const startPostgres = () => ctl('start');

/** Runs `sql` on the server's maintenance database (not the one under test). */
export async function adminQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Ends the LISTEN connections of every server process on one database, as a network fault would. */
export async function terminateListeners(databaseUrl: string): Promise<number> {
  const db = new URL(databaseUrl).pathname.slice(1);
  const rows = await adminQuery<{ ok: boolean }>(
    "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'liveline-listener' AND datname = $1",
    [db],
  );
  return rows.filter((r) => r.ok).length;
}

/** How many server processes are listening on one database right now. */
export async function listenerCount(databaseUrl: string): Promise<number> {
  const db = new URL(databaseUrl).pathname.slice(1);
  const [row] = await adminQuery<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'liveline-listener' AND datname = $1",
    [db],
  );
  return row.n;
}
