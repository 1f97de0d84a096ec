import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/server';

const TEMPLATE = resolve(__dirname, '../../../deploy/nginx.conf');
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** deploy/nginx.conf with its ${LIVELINE_*} placeholders filled in, exactly as docker-compose does. */
export function renderNginxConf(values: Record<string, string>): string {
  // More processes: one more `server ${LIVELINE_APP_n} …;` line each, as deploy/README.md says.
  const extra = Object.keys(values).filter((k) => /^LIVELINE_APP_\d+$/.test(k) && Number(k.slice(13)) > 2);
  const template = readFileSync(TEMPLATE, 'utf8').replace(
    /^(\s*server )\$\{LIVELINE_APP_2\}(.*)$/m,
    (line, before: string, after: string) => [line, ...extra.map((k) => `${before}\${${k}}${after}`)].join('\n'),
  );
  const out = template.replace(/\$\{(LIVELINE_\w+)\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`deploy/nginx.conf needs ${name}`);
    return values[name];
  });
  return out;
}

export interface RunningNginx {
  url: string;
  proc: ChildProcess;
  errors: () => string;
  stop(): Promise<void>;
}

/** Debian's nginx in the foreground, with the deploy config in front of `apps` (host:port, two or more). */
export async function startNginx(apps: string[]): Promise<RunningNginx> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'liveline-nginx-'));
  // Workers run as an unprivileged user when the test runs as root: they must reach the temp dirs.
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, 'liveline.conf'),
    renderNginxConf({
      LIVELINE_LISTEN: `127.0.0.1:${port}`,
      ...Object.fromEntries(apps.map((a, i) => [`LIVELINE_APP_${i + 1}`, a])),
    }),
  );
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/liveline.conf;`,
      '}',
    ].join('\n'),
  );
  const proc = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const errors = () => {
    try {
      return out + readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return out;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited (${proc.exitCode}):\n${errors()}`);
    try {
      await fetch(`${url}/health`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not listen:\n${errors()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url,
    proc,
    errors,
    stop: async () => {
      // SIGQUIT: nginx's graceful stop.
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGQUIT');
      await exited;
    },
  };
}
