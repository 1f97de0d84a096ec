// Child processes of the benchmark: spawned pinned to a core (taskset) with the open-file
// limit raised to the hard limit, logged to a file, stopped by their own pid only.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
const TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100);

export class Proc {
  /** `command`: what to run instead of node (a launcher that execs node, as bin/liveline does). */
  constructor(name, args, { env = {}, core, ipc = false, log, cwd, command = process.execPath } = {}) {
    this.name = name;
    const pin = hasTaskset && core !== undefined ? ['taskset', '-c', String(core)] : [];
    // exec keeps the pid: this.pid is the node process itself once it runs.
    const cmd = [
      '-c',
      'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"',
      'bash',
      ...pin,
      command,
      ...args,
    ];
    this.child = spawn('bash', cmd, {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
    });
    this.pid = this.child.pid;
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code, signal }));
    if (log) {
      const out = createWriteStream(log, { flags: 'a' });
      this.child.stdout.pipe(out);
      this.child.stderr.pipe(out);
    } else {
      this.child.stdout.resume();
      this.child.stderr.resume();
    }
    this.pending = new Map();
    this.nextId = 1;
    if (ipc) this.child.on('message', (m) => this.onMessage(m));
  }

  onMessage(m) {
    const key = m?.id ?? (m?.gc ? 'gc' : m?.profile ? 'profile' : 'queries');
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    if (m.ok === false) p.reject(new Error(`${this.name}: ${m.error}`));
    else p.resolve(m.result ?? m);
  }

  /** A command to the load generator. */
  call(cmd, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, args });
    });
  }

  /** The statements counted by bench/lib/probe.cjs in the service. */
  queries() {
    return this.statements().then((m) => m.queries);
  }

  /** The same, with the wall time (ms) each statement took: {queries, times}. */
  statements() {
    return new Promise((resolve, reject) => {
      this.pending.set('queries', { resolve, reject });
      this.child.send({ cmd: 'queries' });
    });
  }

  /** RSS after full collections, from bench/lib/probe.cjs inside the process. */
  gc() {
    return new Promise((resolve, reject) => {
      this.pending.set('gc', { resolve: (m) => resolve(m.gc), reject });
      this.child.send({ cmd: 'gc' });
    });
  }

  /** Starts ({file}) or stops ({stop: true}) a windowed CPU profile inside the process. */
  profile(args) {
    return new Promise((resolve, reject) => {
      this.pending.set('profile', { resolve: (m) => resolve(m.profile), reject });
      this.child.send({ cmd: 'profile', ...args });
    });
  }

  rssKB() {
    const m = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) : NaN;
  }

  /** User + system CPU time of the process so far, in ms (clock-tick resolution). */
  cpuMs() {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  }

  async stop(signal = 'SIGTERM', graceMs = 15_000) {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const r = await this.exited;
    clearTimeout(t);
    return r;
  }
}

/** Polls `url` until it answers 200; returns the ms waited, measured from `since`. */
export async function waitHttp(url, proc, { timeoutMs = 120_000, since = performance.now(), everyMs = 20 } = {}) {
  const deadline = since + timeoutMs;
  for (;;) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null))
      throw new Error(`${proc.name} exited before ${url} answered`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return performance.now() - since;
    } catch {}
    if (performance.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}
