import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, usingPostgres } from './database';
import { directUrlFor, pooledPass, pooledUrlFor } from './pgbouncer';

export const ADMIN = { email: 'admin@liveline.test', password: 'admin-password-123' };
// LIVELINE_SERVER_MAIN runs another build (the chaos checker against an older one, to show what it finds).
const MAIN = process.env.LIVELINE_SERVER_MAIN ?? resolve(__dirname, '../../dist/apps/server/src/main.js');

export interface RunningServer {
  url: string;
  port: number;
  env: Record<string, string>;
  proc: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

/** `directUrl`: DATABASE_DIRECT_URL; derived from `databaseUrl` when that goes through the pass's pooler. */
export interface Storage {
  dataDir?: string;
  databaseUrl?: string;
  directUrl?: string;
}

export interface ServerOptions {
  env?: Record<string, string>;
  /** Reuse storage (same DATA_DIR or DATABASE_URL) across restarts. */
  storage?: Storage;
  port?: number;
  /** How long it may take to answer /health (default 120 s: on the loaded 2-core machine a first PGlite start took 112 s). */
  readyWithinMs?: number;
}

// A failed spec must not leave servers behind to hold jest (or CI) open.
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((p) => p.kill('SIGKILL')));

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

/** Fresh storage for the backend under test: a PGlite dir, or a new PostgreSQL database. */
/** `blank`: no template either, for tests of what an empty database does at first start. */
export async function freshStorage(opts: { blank?: boolean } = {}): Promise<Storage> {
  if (usingPostgres()) {
    const databaseUrl = await createDatabase();
    // The pooled pass: DATABASE_URL through PgBouncer, sessions (LISTEN, migrations) direct.
    return pooledPass() ? { databaseUrl: pooledUrlFor(databaseUrl), directUrl: databaseUrl } : { databaseUrl };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'liveline-'));
  const template = process.env.LIVELINE_PGLITE_TEMPLATE;
  if (template && !opts.blank) cpSync(template, dataDir, { recursive: true });
  return { dataDir };
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const storage = opts.storage ?? (await freshStorage());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    ...(storage.dataDir ? { DATA_DIR: storage.dataDir } : {}),
    ...(storage.databaseUrl
      ? {
          DATABASE_URL: storage.databaseUrl,
          DATABASE_DIRECT_URL: storage.directUrl ?? directUrlFor(storage.databaseUrl),
        }
      : {}),
    ...opts.env,
  };
  const proc = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  running.add(proc);
  const exited = new Promise<void>((done) => proc.once('exit', () => (running.delete(proc), done())));
  const url = `http://127.0.0.1:${port}`;
  // Generous by default: the machine running the tests may be loaded (a first PGlite start took
  // 112 s at load 31 on two cores); TEST_SERVER_START_MS sets another limit.
  const deadline = Date.now() + (opts.readyWithinMs ?? Number(process.env.TEST_SERVER_START_MS || 120_000));
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early (${proc.exitCode}):\n${out}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    env: { ...env, DATA_DIR: storage.dataDir ?? '', DATABASE_URL: storage.databaseUrl ?? '' },
    proc,
    output: () => out,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}

export async function login(url: string, creds = ADMIN): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
