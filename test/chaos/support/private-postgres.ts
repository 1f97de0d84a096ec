import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../support/server';

/**
 * A PostgreSQL cluster of the test's own, initdb'd in a temp dir on a free port, so the test
 * may restart it at will: never the machine's shared server. Runs as the postgres user (the
 * test runs as root, as CI does).
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static available(): boolean {
    return process.getuid?.() === 0 && PrivatePostgres.binDir() !== undefined;
  }

  private static binDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return undefined;
    const version = readdirSync(root)
      .sort((a, b) => Number(b) - Number(a))
      .find((v) => existsSync(join(root, v, 'bin', 'initdb')));
    return version ? join(root, version, 'bin') : undefined;
  }

  static async start(): Promise<PrivatePostgres> {
    const bin = PrivatePostgres.binDir();
    if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'liveline-chaos-pg-'));
    chmodSync(dir, 0o777);
    const pg = new PrivatePostgres(dir, await freePort(), bin);
    pg.as(join(bin, 'initdb'), ['-D', pg.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    pg.ctl('start');
    return pg;
  }

  get data(): string {
    return join(this.dir, 'data');
  }

  url(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  private as(cmd: string, args: string[]) {
    execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe', timeout: 120_000 });
  }

  private ctl(action: 'start' | 'stop' | 'restart') {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    const args =
      action === 'stop'
        ? ['-D', this.data, '-m', 'fast', '-w', 'stop']
        : ['-D', this.data, '-o', opts, '-l', join(this.dir, 'log'), '-m', 'fast', '-w', '-t', '120', action];
    this.as(join(this.bin, 'pg_ctl'), args);
  }

  /** A fast restart: every session is ended at once, as an operator's restart does. */
  async restart(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    const args = ['-D', this.data, '-o', opts, '-l', join(this.dir, 'log'), '-m', 'fast', '-w', '-t', '120', 'restart'];
    await promisify(execFile)('runuser', ['-u', 'postgres', '--', join(this.bin, 'pg_ctl'), ...args], {
      timeout: 180_000,
    });
  }

  async createDatabase(name: string): Promise<string> {
    await this.query(`CREATE DATABASE ${name}`);
    return this.url(name);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.url() });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** Ends every server process's LISTEN connection, as a network fault would. */
  async dropListeners(db: string): Promise<number> {
    const rows = await this.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'liveline-listener' AND datname = $1",
      [db],
    );
    return rows.filter((r) => r.ok).length;
  }

  stop(): void {
    try {
      this.ctl('stop');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
