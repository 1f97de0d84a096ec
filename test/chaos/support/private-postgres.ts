import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  private ctlArgs(action: 'start' | 'stop' | 'status'): string[] {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    if (action === 'stop') return ['-D', this.data, '-m', 'fast', '-w', '-t', '60', 'stop'];
    if (action === 'status') return ['-D', this.data, 'status'];
    return ['-D', this.data, '-o', opts, '-l', join(this.dir, 'log'), '-w', '-t', '120', 'start'];
  }

  private ctl(action: 'start' | 'stop') {
    this.as(join(this.bin, 'pg_ctl'), this.ctlArgs(action));
  }

  private async ctlAsync(action: 'start' | 'stop' | 'status'): Promise<{ ok: boolean; out: string }> {
    try {
      const r = await promisify(execFile)(
        'runuser',
        ['-u', 'postgres', '--', join(this.bin, 'pg_ctl'), ...this.ctlArgs(action)],
        { timeout: 180_000 },
      );
      return { ok: true, out: `${r.stdout}${r.stderr}` };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      return { ok: false, out: `${err.message} ${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  /**
   * A fast restart, every session ended at once as an operator's restart does: a stop, then a
   * start that is tried until the cluster answers, so a slow shutdown under load (or a pg_ctl
   * that gave up waiting) never leaves the run without its database.
   */
  async restart(log: (line: string) => void = () => undefined): Promise<void> {
    const stop = await this.ctlAsync('stop');
    if (!stop.ok) log(`pg_ctl stop: ${stop.out.trim()}`);
    for (let attempt = 1; ; attempt++) {
      if (await this.answers()) return;
      const status = await this.ctlAsync('status');
      if (!status.ok) {
        const start = await this.ctlAsync('start');
        if (!start.ok) log(`pg_ctl start (attempt ${attempt}): ${start.out.trim()}; log: ${this.logTail()}`);
      }
      if (attempt >= 10) throw new Error(`the private PostgreSQL did not come back: ${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private async answers(): Promise<boolean> {
    const c = new Client({ connectionString: this.url(), connectionTimeoutMillis: 5000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.dir, 'log'), 'utf8').slice(-1500);
    } catch (e) {
      return `(no log: ${(e as Error).message})`;
    }
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
