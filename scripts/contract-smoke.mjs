#!/usr/bin/env node
// Runs ../shared/contract-smoke.mjs (the integrators' own check of CONTRACT.md) against a
// freshly started server: PGlite in a temp dir, or a new database on TEST_DATABASE_URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const smoke = resolve(process.env.CONTRACT_SMOKE || '../shared/contract-smoke.mjs');
if (!existsSync(smoke)) {
  console.log(`contract smoke: ${smoke} not found`);
  process.exit(1);
}
const port = await new Promise((done) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => done(p));
  });
});
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  ADMIN_EMAIL: 'smoke@liveline.test',
  ADMIN_PASSWORD: 'smoke-password-1',
  LOG_LEVEL: 'warn',
  SEED_DEMO: 'true',
  NODE: process.execPath,
};
delete env.DATABASE_URL;
if (process.env.TEST_DATABASE_URL) {
  const url = new URL(process.env.TEST_DATABASE_URL);
  const name = `liveline_smoke_${Date.now().toString(36)}`;
  const r = spawnSync('psql', [url.toString(), '-qc', `CREATE DATABASE ${name}`], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
} else {
  env.DATA_DIR = mkdtempSync(join(tmpdir(), 'liveline-smoke-'));
}
// Started as `npm start` starts it: bin/liveline, which execs node with its process settings.
const server = spawn('bin/liveline', [], {
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 60_000;
while (
  (await fetch(`${base}/health`).then(
    (r) => r.status,
    () => 0,
  )) !== 200
) {
  if (Date.now() > deadline || server.exitCode !== null) {
    console.log('contract smoke: the server did not start');
    server.kill('SIGKILL');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
const run = spawnSync(process.execPath, [smoke], {
  env: { ...process.env, BASE: base, ADMIN_EMAIL: env.ADMIN_EMAIL, ADMIN_PASSWORD: env.ADMIN_PASSWORD },
  stdio: 'inherit',
});
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
process.exit(run.status ?? 1);
