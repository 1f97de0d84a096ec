import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/server';
import { NGINX, type RunningNginx } from './nginx';

const TEMPLATE = resolve(__dirname, '../../../deploy/nginx-cache.conf');

/** deploy/nginx-cache.conf with its ${LIVELINE_*} placeholders filled in. */
export function renderCacheConf(values: Record<string, string>): string {
  return readFileSync(TEMPLATE, 'utf8').replace(/\$\{(LIVELINE_\w+)\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`deploy/nginx-cache.conf needs ${name}`);
    return values[name];
  });
}

export interface RunningEdge extends RunningNginx {
  /** The access log: one line per request, `<cache status> <status> <uri>`. */
  accessLog: () => string[];
}

/** Debian's nginx in the foreground, running deploy/nginx-cache.conf in front of `origin` (host:port). */
export async function startEdgeCache(origin: string): Promise<RunningEdge> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'liveline-edge-'));
  // Workers run as an unprivileged user when the test runs as root: they must reach the temp dirs.
  chmodSync(dir, 0o777);
  mkdirSync(join(dir, 'cache'), { mode: 0o777 });
  chmodSync(join(dir, 'cache'), 0o777);
  writeFileSync(
    join(dir, 'edge.conf'),
    renderCacheConf({
      LIVELINE_CACHE_LISTEN: `127.0.0.1:${port}`,
      LIVELINE_CACHE_DIR: join(dir, 'cache'),
      LIVELINE_ORIGIN: origin,
    }),
  );
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      // A thousand readers at once, each with its own connection, plus the origin's.
      'events { worker_connections 4096; }',
      'http {',
      "  log_format edge '$upstream_cache_status $status $request_uri';",
      `  access_log ${dir}/access.log edge;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/edge.conf;`,
      '}',
    ].join('\n'),
  );
  const proc = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const errors = () => out + read('error.log');
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
    accessLog: () => read('access.log').split('\n').filter(Boolean),
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGQUIT');
      await exited;
    },
  };
}
